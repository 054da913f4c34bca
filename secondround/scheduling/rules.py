"""Object permissions for scheduling settings; each mirrors its model's ``visible_to``."""

import rules

from secondround.notifications.rules import owns
from secondround.permissions import viewing_predicate

rules.add_perm("scheduling.view_workinghours", rules.predicate(viewing_predicate(owns)))
