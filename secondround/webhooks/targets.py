"""Where a webhook may be sent: the rule against server-side request forgery (SSRF).

A webhook URL is typed by an admin, and the server then POSTs to it from inside its own
network. Without a rule, an admin (or whoever steals an admin's session) could make the
server call its database, its cloud metadata service (169.254.169.254) or any internal
service. So, unless the organisation's ``allow_private_targets`` setting is on:

- the URL is https;
- every address its host resolves to is a public (global) one: not private (10/8,
  172.16/12, 192.168/16, fc00::/7), loopback, link-local (169.254/16, fe80::/10), shared
  (100.64/10), multicast, unspecified or reserved.

The rule is checked when a subscription is saved, and again at every delivery, since DNS
answers change (DNS rebinding). At delivery the connection goes to the very address that
was checked (``resolve``), not to a second lookup's answer.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from secondround.errors import ActionError


class TargetRefused(ActionError):
    """This URL may not receive webhooks (the message says why)."""

    def __init__(self, message: str):
        super().__init__(message, "url")


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL, without brackets
    port: int
    path: str  # with its query string
    addresses: tuple[str, ...]  # what the host resolved to, each allowed

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if ip.version == 6 and ip.ipv4_mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _lookup(host: str, port: int) -> tuple[str, ...]:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise TargetRefused(f"The host “{host}” does not resolve ({error}).") from error
    # Keep the resolver's order (it prefers what the system can reach), without repeats.
    return tuple(dict.fromkeys(info[4][0] for info in answers))


def resolve(url: str, *, allow_private: bool) -> Target:
    """The checked target of ``url``, or TargetRefused saying why it may not be one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise TargetRefused("This is not a valid URL.") from error
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise TargetRefused(
            "Webhook URLs must start with https://."
            if not allow_private
            else "Webhook URLs start with https:// or http://."
        )
    if not parts.hostname:
        raise TargetRefused("The URL has no host.")
    if parts.username or parts.password:
        raise TargetRefused("Leave the user name and password out of the URL.")
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _lookup(parts.hostname, port)
    if not addresses:
        raise TargetRefused(f"The host “{parts.hostname}” does not resolve.")
    if not allow_private:
        inner = [a for a in addresses if not is_public(a)]
        if inner:
            raise TargetRefused(
                f"“{parts.hostname}” points at a private, loopback, link-local or reserved "
                f"address ({inner[0]}). Webhooks go to public addresses only, unless an "
                "admin allows private targets in the webhook settings."
            )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port, path, addresses)
