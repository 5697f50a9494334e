"""The admin login is throttled: ten wrong passwords lock the name at that address a while."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

LOGIN_URL = reverse("admin:login")
PASSWORD = "a-long-passphrase"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.23"


# A fast hasher: the lock, not the hashing, is under test (Django's default takes ~0.5 s).
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class AdminLoginThrottlingTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        get_user_model().objects.create_superuser("admin", "a@example.org", PASSWORD)

    def log_in(self, password: str, *, address: str = ATTACKER, username: str = "admin"):
        return self.client.post(
            LOGIN_URL,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def fail_until_locked(self, *, address: str = ATTACKER) -> None:
        for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
            response = self.log_in(f"wrong-{attempt}", address=address)
            expected = 429 if attempt == settings.AXES_FAILURE_LIMIT else 200
            self.assertEqual(response.status_code, expected, f"attempt {attempt}")

    def pass_the_cool_off(self) -> None:
        """Move the recorded failures back by the cool-off, as if that time had gone by."""
        earlier = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
        for attempt in AccessAttempt.objects.all():
            attempt.attempt_time -= earlier
            attempt.save(update_fields=["attempt_time"])

    def assertLoggedIn(self, response) -> None:
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertIn("_auth_user_id", self.client.session)

    def test_the_limit_is_ten_wrong_passwords_and_the_cool_off_a_while(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 10)
        self.assertGreaterEqual(settings.AXES_COOLOFF_TIME, timedelta(minutes=5))

    def test_nine_wrong_passwords_still_let_the_right_one_in(self):
        for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.log_in(f"wrong-{attempt}").status_code, 200)
        self.assertLoggedIn(self.log_in(PASSWORD))

    def test_ten_wrong_passwords_lock_out_even_the_right_one(self):
        self.fail_until_locked()

        response = self.log_in(PASSWORD)

        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "too many login attempts", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lock_lifts_after_the_cool_off(self):
        self.fail_until_locked()
        self.assertEqual(self.log_in(PASSWORD).status_code, 429)

        self.pass_the_cool_off()

        self.assertLoggedIn(self.log_in(PASSWORD))

    def test_a_failure_during_the_lock_starts_the_cool_off_again(self):
        self.fail_until_locked()
        self.pass_the_cool_off()
        self.fail_until_locked()  # the attacker keeps guessing after the cool-off...
        self.assertEqual(self.log_in("wrong-again").status_code, 429)  # ...and during the lock

        self.assertEqual(self.log_in(PASSWORD).status_code, 429)

    def test_the_lock_holds_that_name_at_that_address_only(self):
        self.fail_until_locked(address=ATTACKER)

        # The attacker cannot lock the admin out from elsewhere...
        self.assertLoggedIn(self.log_in(PASSWORD, address=COLLEAGUE))

    def test_the_axes_reset_command_lifts_a_lock_at_once(self):
        self.fail_until_locked()

        call_command("axes_reset", verbosity=0)

        self.assertLoggedIn(self.log_in(PASSWORD))

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_the_limit_is_a_setting(self):
        for attempt in range(1, 4):
            response = self.log_in(f"wrong-{attempt}")
        self.assertEqual(response.status_code, 429)
