"""A test corpus of Spanish comments with planted campaigns: each campaign is one text sent
many times with the small changes people make (capitals, accents, punctuation, a greeting, a
word changed, a sentence added); the other comments are on the same subjects but written
independently, some starting with the same stock phrase as a campaign."""
from __future__ import annotations

import random

CAMPAIGNS = [
    "No estamos de acuerdo con el cobro por la historia clínica electrónica, la salud es un "
    "derecho y el acceso a nuestros datos médicos debe ser gratuito para todos los pacientes.",
    "Exigimos que el reglamento incluya a los centros de salud rurales y que el Ministerio "
    "garantice internet en cada subcentro antes de obligar al uso del sistema electrónico.",
    "Los pacientes debemos poder decidir quién ve nuestra historia clínica, pedimos que se "
    "registre cada acceso y que recibamos un aviso por correo cuando alguien la consulte.",
    "Apoyamos el artículo tres pero pedimos que el portal funcione también sin internet en "
    "las parroquias de la Amazonía donde la conexión es muy mala o no existe todavía.",
    "Como enfermeras del hospital pedimos capacitación pagada y con horario laboral para usar "
    "la historia clínica electrónica, no en nuestro tiempo libre ni los fines de semana.",
]
GREETINGS = ["", "Buenos días. ", "Saludos cordiales. ", "Señores del Ministerio: ", "Hola, "]
ENDINGS = ["", " Gracias.", " Atentamente, un ciudadano.", " ¡Por favor escúchennos!",
           " Esperamos su respuesta."]
SWAPS = {"pedimos": "solicitamos", "debe": "tiene que", "todos": "todas",
         "garantice": "asegure", "muy": "bastante", "correo": "mensaje"}
STOCK_OPENINGS = ["No estamos de acuerdo con", "Exigimos que el reglamento", "Apoyamos el artículo tres"]
VOCABULARY = """
agua salud escuela médico hospital camino puente vacuna cita turno farmacia medicina
paciente enfermera doctor laboratorio examen resultado espera semana mes año ciudad
parroquia comunidad familia niño madre padre abuelo trabajo empleo sueldo pago tarifa
impuesto trámite oficina ventanilla sistema portal clave usuario cuenta correo teléfono
internet conexión señal computadora datos registro archivo papel firma sello copia
derecho deber ley norma artículo reglamento ministerio gobierno autoridad funcionario
atención servicio calidad demora queja reclamo solicitud respuesta plazo día hora
privacidad seguridad acceso permiso control auditoría aviso mensaje notificación
rural urbano costa sierra oriente amazonía galápagos provincia cantón barrio calle
transporte bus carretera lluvia invierno verano cosecha mercado precio producto
""".split()
VERBS = ["necesitamos", "queremos", "proponemos", "sugiero", "pido", "recomiendo",
         "creo que falta", "me preocupa", "hace falta", "deberían revisar"]


def _variant(text: str, rng: random.Random) -> str:
    words = text.split()
    for index, word in enumerate(words):
        if word in SWAPS and rng.random() < 0.3:
            words[index] = SWAPS[word]
    if rng.random() < 0.3:  # one word left out
        del words[rng.randrange(len(words))]
    body = " ".join(words)
    if rng.random() < 0.3:
        body = body.lower()
    if rng.random() < 0.3:
        body = body.replace("í", "i").replace("ó", "o").replace("é", "e")
    if rng.random() < 0.2:
        body = body.upper()
    return rng.choice(GREETINGS) + body + rng.choice(ENDINGS)


def _independent(rng: random.Random, opening: str | None = None) -> str:
    sentences = []
    for _ in range(rng.randint(2, 3)):
        words = rng.sample(VOCABULARY, rng.randint(6, 10))
        sentences.append(f"{rng.choice(VERBS).capitalize()} {' '.join(words)}.")
    text = " ".join(sentences)
    return f"{opening} {text[0].lower()}{text[1:]}" if opening else text


def corpus(seed: int = 7, per_campaign: int = 40, independent: int = 220):
    """[(id, text, campaign index or None)], shuffled."""
    rng = random.Random(seed)
    items = []
    for campaign, text in enumerate(CAMPAIGNS):
        items += [(text_variant, campaign) for text_variant in
                  (_variant(text, rng) for _ in range(per_campaign))]
    for index in range(independent):
        opening = STOCK_OPENINGS[index % 3] if index % 4 == 0 else None
        items.append((_independent(rng, opening), None))
    rng.shuffle(items)
    return [(number, text, campaign) for number, (text, campaign) in enumerate(items, start=1)]


def pair_scores(items, groups) -> tuple[float, float]:
    """(recall, precision) over pairs: planted pairs found together / planted pairs, and
    pairs found together that were planted / pairs found together."""
    planted = {number: campaign for number, _text, campaign in items}
    together = set()
    for group in groups:
        ids = sorted(group.member_ids)
        together.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    truth = {(a, b) for a in planted for b in planted
             if a < b and planted[a] is not None and planted[a] == planted[b]}
    found_true = len(together & truth)
    recall = found_true / len(truth)
    precision = found_true / len(together) if together else 1.0
    return recall, precision
