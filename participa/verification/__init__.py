"""Identity verification: the levels a person reaches and the methods that prove a cédula.

participa.verification.service holds the rules (levels, granting, revoking); each method
(census, in person, civil registry) is a module behind the interface of
participa.verification.methods, enabled per deployment by PARTICIPA_VERIFICATION_METHODS.
The pages are in participa.verification.views (blueprint `verification`).
"""
