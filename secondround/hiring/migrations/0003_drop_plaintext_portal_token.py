# The portal's migration 0002 turned every plain-text token into a hashed link; only then
# may the column go.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('hiring', '0002_pipeline'),
        ('portal', '0002_hash_plaintext_tokens'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='candidate',
            name='portal_token',
        ),
    ]
