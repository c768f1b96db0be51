"""institutions store the Spanish article of their name

A new column `institutions.article` (NOT NULL, server default ""): "el", "la", "los", "las"
or "" for a name read without an article. Messages put the institution after a preposition
with it ("al Ministerio de Salud Pública", "de la Secretaría…"). Existing rows get the
article their name's first word calls for (Ministerio, Servicio, Instituto, Consejo, Banco,
Registro… take "el"; Secretaría, Agencia, Superintendencia, Defensoría, Corporación,
Dirección, Empresa… take "la"; any other name gets "", read without an article); an
administrator corrects it on the institution's form. No row is lost; names are unchanged.

Revision ID: b7e2c4a9d150
Revises: b7e2c4a9d051
Create Date: 2026-12-02 08:20:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b7e2c4a9d150'
down_revision = 'b7e2c4a9d051'
branch_labels = None
depends_on = None

# A copy of the rule in participa/institution_names.py as it was when this revision was
# written, so that the revision does the same thing whatever the code becomes later.
MASCULINE = {"ministerio", "viceministerio", "servicio", "instituto", "consejo", "banco",
             "registro", "gobierno", "consorcio", "centro", "comité", "departamento",
             "fondo", "sistema", "tribunal", "cuerpo", "directorio", "programa",
             "hospital", "observatorio", "parque", "organismo", "despacho", "archivo"}
FEMININE = {"secretaría", "subsecretaría", "agencia", "superintendencia", "defensoría",
            "corporación", "dirección", "empresa", "procuraduría", "contraloría",
            "fiscalía", "presidencia", "vicepresidencia", "asamblea", "corte", "comisión",
            "unidad", "policía", "junta", "autoridad", "armada", "fuerza", "universidad",
            "escuela", "coordinación", "gobernación", "prefectura", "municipalidad",
            "función", "oficina", "flota", "red", "casa", "academia", "administración"}
MASCULINE_PLURAL = {"servicios", "institutos", "consejos", "registros", "centros"}
FEMININE_PLURAL = {"fuerzas", "empresas", "unidades", "secretarías"}


def article_for(name):
    words = (name or "").split()
    first = words[0].casefold() if words else ""
    for article, firsts in (("el", MASCULINE), ("la", FEMININE), ("los", MASCULINE_PLURAL),
                            ("las", FEMININE_PLURAL)):
        if first in firsts:
            return article
    return ""


def upgrade():
    # A plain ADD COLUMN, not a batch: SQLite's batch copies and drops the table, and dropping
    # institutions would cascade to everything that belongs to them.
    op.add_column('institutions', sa.Column('article', sa.String(length=3), nullable=False,
                                            server_default=''))
    connection = op.get_bind()
    institutions = sa.table('institutions', sa.column('id', sa.Integer),
                            sa.column('name', sa.String), sa.column('article', sa.String))
    rows = connection.execute(sa.select(institutions.c.id, institutions.c.name)).all()
    for article in ("el", "la", "los", "las"):
        ids = [row.id for row in rows if article_for(row.name) == article]
        if ids:
            connection.execute(institutions.update().where(institutions.c.id.in_(ids))
                               .values(article=article))


def downgrade():
    op.drop_column('institutions', 'article')  # SQLite 3.35+ drops a column in place
