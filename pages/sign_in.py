"""Sign in: e-mail and password, or the organisation's identity provider when configured."""

from dashboard import sign_in_form

sign_in_form.draw()
