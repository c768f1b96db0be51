"""The Open311 POST request's fields, validated with the same rules as the web form."""
from wtforms import EmailField, FloatField, Form, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional


class RequestForm(Form):
    """Plain WTForms (no CSRF): API clients authenticate with their api_key."""

    service_code = StringField(validators=[InputRequired("service_code is required")])
    lat = FloatField(validators=[Optional(), NumberRange(-90, 90, "lat must be from -90 to 90")])
    long = FloatField(validators=[Optional(),
                                  NumberRange(-180, 180, "long must be from -180 to 180")])
    address_string = StringField(validators=[Optional(), Length(max=250)])
    email = EmailField(validators=[InputRequired("email is required to follow the request"),
                                   Email("email is not a valid email address"),
                                   Length(max=254)])
    first_name = StringField(validators=[Optional(), Length(max=60)])
    last_name = StringField(validators=[Optional(), Length(max=60)])
    description = TextAreaField(validators=[InputRequired("description is required"),
                                            Length(max=10000)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_point = self.lat.data is not None and self.long.data is not None
        if not has_point and not (self.address_string.data or "").strip():
            self.address_string.errors = list(self.address_string.errors) + [
                "a location is required: lat and long, or address_string"]
            valid = False
        return valid
