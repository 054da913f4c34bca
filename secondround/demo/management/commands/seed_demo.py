from django.core.management.base import BaseCommand

from secondround.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the Acme Robotics demo organisation (accounts use the password 'demo')."

    def handle(self, *args, **options):
        organisation, created = seed_demo(verbosity=0)
        if created:
            self.stdout.write(f"Seeded the demo organisation {organisation.name}.")
        else:
            self.stdout.write(f"The demo organisation {organisation.name} is already there.")
