"""Object permissions for candidates' personal data; each mirrors its model's ``visible_to``
(admins of the organisation only), and the pages ask ``may_manage_personal_data``."""

import rules

from secondround.permissions import viewing_predicate
from secondround.privacy.actions import may_manage_personal_data


def _erasure(member, erasure) -> bool:
    return may_manage_personal_data(member, erasure.candidate.organisation_id)


def _policy(member, policy) -> bool:
    return may_manage_personal_data(member, policy.organisation_id)


rules.add_perm("privacy.view_erasure", rules.predicate(viewing_predicate(_erasure)))
rules.add_perm("privacy.view_retentionpolicy", rules.predicate(viewing_predicate(_policy)))
