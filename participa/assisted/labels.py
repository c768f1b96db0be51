"""Labels of the assisted-filing choices, in the reader's language."""
from flask_babel import lazy_gettext as _l

from participa.models import CallOutcome, Channel, ConsentForm, ReachBy, SecondFactor

CHANNEL_LABELS = {
    Channel.ONLINE: _l("Online"),
    Channel.COUNTER: _l("At a counter"),
    Channel.INFOCENTRO: _l("At an Infocentro"),
    Channel.PHONE: _l("By phone"),
    Channel.LETTER: _l("By letter"),
}
REACH_BY_LABELS = {
    ReachBy.PHONE: _l("By phone"),
    ReachBy.POST: _l("By post"),
    ReachBy.EMAIL: _l("By email"),
    ReachBy.COME_BACK: _l("The person will come back"),
}
CONSENT_FORM_LABELS = {
    ConsentForm.READ_ALOUD: _l("The privacy notice was read to the person, who agreed"),
    ConsentForm.SIGNED_PAPER: _l("The person signed the printed privacy notice"),
}
FACTOR_LABELS = {
    SecondFactor.PIN: _l("PIN printed on the receipt"),
    SecondFactor.CEDULA: _l("Last four digits of the cédula"),
}
CALL_OUTCOME_LABELS = {
    CallOutcome.REACHED: _l("Reached: the person was told"),
    CallOutcome.NO_ANSWER: _l("No answer"),
    CallOutcome.LEFT_MESSAGE: _l("Left a message"),
}
