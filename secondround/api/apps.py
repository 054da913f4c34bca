from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "secondround.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from secondround.api.idempotency import forget_organisation
        from secondround.privacy.signals import candidate_erased

        def forget_stored_responses(sender, candidate, **kwargs):
            # A stored API response may hold the erased candidate's fields for 24 hours.
            forget_organisation(candidate.organisation_id)

        candidate_erased.connect(forget_stored_responses, weak=False, dispatch_uid="api")
