-- Corruption-risk assessments, orders (คำสั่ง) and memos (บันทึกข้อความ),
-- PostgreSQL flavour.
--
-- Kept in step with ../sqlite/0005_risk_orders_memos.sql (a test compares the
-- two); the differences from SQLite are those of 0001_foundation.sql, and a date
-- is DATE [TEXT 'YYYY-MM-DD' there]. Every list a document prints in order is
-- rows with a position 1..n, rewritten whole when its owner is saved; only short
-- lists of plain text (duties, names) are JSON.

-- One assessment per agency and fiscal year, with the bands that turn a score
-- into a level.
CREATE TABLE risk_assessments (
    agency_id   UUID    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    bands_json  TEXT    NOT NULL,
    version     BIGINT  NOT NULL CHECK (version >= 1),
    CONSTRAINT risk_assessments_pkey PRIMARY KEY (agency_id, fiscal_year),
    CONSTRAINT risk_assessments_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
);

-- The processes or areas of an assessment, in order. Ids are unique within the
-- assessment, so a copy of last year's may keep them.
CREATE TABLE risk_areas (
    agency_id   UUID    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    position    INTEGER NOT NULL CHECK (position >= 1),
    id          UUID    NOT NULL,
    process     TEXT    NOT NULL,
    CONSTRAINT risk_areas_pkey PRIMARY KEY (agency_id, fiscal_year, position),
    CONSTRAINT risk_areas_agency_id_fiscal_year_id_key UNIQUE (agency_id, fiscal_year, id),
    CONSTRAINT risk_areas_assessment_fkey FOREIGN KEY (agency_id, fiscal_year)
        REFERENCES risk_assessments (agency_id, fiscal_year)
);

-- The risk events of an area: scored (likelihood and impact 1-5) or with a level
-- entered directly, never both.
CREATE TABLE risk_events (
    agency_id     UUID    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    area_position INTEGER NOT NULL,
    position      INTEGER NOT NULL CHECK (position >= 1),
    text          TEXT    NOT NULL,
    likelihood    INTEGER CHECK (likelihood BETWEEN 1 AND 5),
    impact        INTEGER CHECK (impact BETWEEN 1 AND 5),
    -- low | medium | high | very_high, when entered directly
    level         TEXT,
    CONSTRAINT risk_events_pkey PRIMARY KEY (agency_id, fiscal_year, area_position, position),
    CONSTRAINT risk_events_area_fkey FOREIGN KEY (agency_id, fiscal_year, area_position)
        REFERENCES risk_areas (agency_id, fiscal_year, position),
    CONSTRAINT risk_events_level_check
        CHECK (level IS NULL OR level IN ('low', 'medium', 'high', 'very_high')),
    CONSTRAINT risk_events_rating_check CHECK (
        (likelihood IS NULL) = (impact IS NULL) AND (likelihood IS NULL) <> (level IS NULL)
    )
);

-- The controls of an area and their follow-up. project_id and measure_id have no
-- foreign key on purpose: an action plan is saved by replacing it whole and a
-- measure may be deleted, and a control written against them must survive both
-- (a page shows a link that no longer resolves as such, and nothing typed into
-- the assessment is lost).
CREATE TABLE risk_controls (
    agency_id     UUID    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    area_position INTEGER NOT NULL,
    position      INTEGER NOT NULL CHECK (position >= 1),
    id            UUID    NOT NULL,
    text          TEXT    NOT NULL,
    project_id    UUID,
    measure_id    UUID,
    -- not_started | in_progress | done
    status        TEXT    NOT NULL,
    follow_up     TEXT    NOT NULL,
    CONSTRAINT risk_controls_pkey PRIMARY KEY (agency_id, fiscal_year, area_position, position),
    CONSTRAINT risk_controls_agency_id_fiscal_year_id_key UNIQUE (agency_id, fiscal_year, id),
    CONSTRAINT risk_controls_area_fkey FOREIGN KEY (agency_id, fiscal_year, area_position)
        REFERENCES risk_areas (agency_id, fiscal_year, position),
    CONSTRAINT risk_controls_status_check
        CHECK (status IN ('not_started', 'in_progress', 'done'))
);

-- Orders, numbered per agency and year (พ.ศ.). The signer is copied as printed;
-- signer_official_id names the official it was taken from, if any.
CREATE TABLE orders (
    agency_id          UUID    NOT NULL,
    id                 UUID    NOT NULL,
    year               INTEGER NOT NULL,
    number             INTEGER NOT NULL CHECK (number >= 1),
    subject            TEXT    NOT NULL,
    preamble           TEXT    NOT NULL,
    closing            TEXT    NOT NULL,
    date               DATE,
    signer_official_id UUID,
    signer_name        TEXT    NOT NULL,
    signer_rank        TEXT    NOT NULL,
    signer_position    TEXT    NOT NULL,
    version            BIGINT  NOT NULL CHECK (version >= 1),
    CONSTRAINT orders_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT orders_agency_id_year_number_key UNIQUE (agency_id, year, number),
    CONSTRAINT orders_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT orders_signer_fkey FOREIGN KEY (agency_id, signer_official_id)
        REFERENCES officials (agency_id, id)
);

-- Serves the foreign key check when an official is deleted.
CREATE INDEX orders_signer_idx ON orders (agency_id, signer_official_id);

-- The committees of an order, in order, with their duties (a list of text).
CREATE TABLE order_committees (
    agency_id   UUID    NOT NULL,
    order_id    UUID    NOT NULL,
    position    INTEGER NOT NULL CHECK (position >= 1),
    title       TEXT    NOT NULL,
    duties_json TEXT    NOT NULL,
    CONSTRAINT order_committees_pkey PRIMARY KEY (agency_id, order_id, position),
    CONSTRAINT order_committees_order_fkey FOREIGN KEY (agency_id, order_id)
        REFERENCES orders (agency_id, id)
);

-- The members of a committee, in order: an official of the agency, a position
-- written as text, or both; the role is one of the three printed the usual way
-- or a label of the agency's own.
CREATE TABLE order_committee_members (
    agency_id          UUID    NOT NULL,
    order_id           UUID    NOT NULL,
    committee_position INTEGER NOT NULL,
    position           INTEGER NOT NULL CHECK (position >= 1),
    official_id        UUID,
    position_text      TEXT    NOT NULL,
    -- chair | member | secretary | custom
    role_kind          TEXT    NOT NULL,
    -- The wording of a custom role; empty otherwise.
    role_label         TEXT    NOT NULL,
    CONSTRAINT order_committee_members_pkey
        PRIMARY KEY (agency_id, order_id, committee_position, position),
    CONSTRAINT order_committee_members_committee_fkey
        FOREIGN KEY (agency_id, order_id, committee_position)
        REFERENCES order_committees (agency_id, order_id, position),
    CONSTRAINT order_committee_members_official_fkey FOREIGN KEY (agency_id, official_id)
        REFERENCES officials (agency_id, id),
    CONSTRAINT order_committee_members_role_check CHECK (
        role_kind IN ('chair', 'member', 'secretary', 'custom')
        AND (role_kind = 'custom' OR role_label = '')
    )
);

-- Serves the foreign key check when an official is deleted.
CREATE INDEX order_committee_members_official_idx
    ON order_committee_members (agency_id, official_id);

-- The persons in charge named after the committees, in order.
CREATE TABLE order_assignments (
    agency_id   UUID    NOT NULL,
    order_id    UUID    NOT NULL,
    position    INTEGER NOT NULL CHECK (position >= 1),
    heading     TEXT    NOT NULL,
    people_json TEXT    NOT NULL,
    duty        TEXT    NOT NULL,
    CONSTRAINT order_assignments_pkey PRIMARY KEY (agency_id, order_id, position),
    CONSTRAINT order_assignments_order_fkey FOREIGN KEY (agency_id, order_id)
        REFERENCES orders (agency_id, id)
);

-- Memos. "to" is an SQL keyword, so the addressee line is `addressees`.
CREATE TABLE memos (
    agency_id          UUID    NOT NULL,
    id                 UUID    NOT NULL,
    year               INTEGER NOT NULL,
    department_id      UUID,
    from_unit          TEXT    NOT NULL,
    number             TEXT    NOT NULL,
    date               DATE,
    subject            TEXT    NOT NULL,
    addressees         TEXT    NOT NULL,
    body               TEXT    NOT NULL,
    signer_official_id UUID,
    signer_name        TEXT    NOT NULL,
    signer_rank        TEXT    NOT NULL,
    signer_position    TEXT    NOT NULL,
    version            BIGINT  NOT NULL CHECK (version >= 1),
    CONSTRAINT memos_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT memos_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT memos_department_fkey FOREIGN KEY (agency_id, department_id)
        REFERENCES departments (agency_id, id),
    CONSTRAINT memos_signer_fkey FOREIGN KEY (agency_id, signer_official_id)
        REFERENCES officials (agency_id, id)
);

CREATE INDEX memos_year_idx ON memos (agency_id, year);
-- Serve the foreign key checks when a department or an official is deleted.
CREATE INDEX memos_department_idx ON memos (agency_id, department_id);
CREATE INDEX memos_signer_idx ON memos (agency_id, signer_official_id);

-- Who acknowledged a memo, once per user, with the name and position as printed.
CREATE TABLE memo_acknowledgements (
    agency_id     UUID NOT NULL,
    memo_id       UUID NOT NULL,
    user_id       UUID NOT NULL,
    name          TEXT NOT NULL,
    position_text TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT memo_acknowledgements_pkey PRIMARY KEY (agency_id, memo_id, user_id),
    CONSTRAINT memo_acknowledgements_memo_fkey FOREIGN KEY (agency_id, memo_id)
        REFERENCES memos (agency_id, id),
    CONSTRAINT memo_acknowledgements_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);
