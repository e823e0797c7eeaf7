-- The edited ITA analysis text of a result, SQLite flavour.
--
-- Kept in step with ../postgres/0002_analyses.sql (a test compares the two); the
-- portable representations are those of 0001_foundation.sql.
--
-- One row per agency, fiscal year and source, the same key as ita_results but
-- without a foreign key to it: the text the user edited outlives a result that is
-- deleted and entered again. Both JSON columns are kept exactly as given; the
-- store does not interpret them.
CREATE TABLE analyses (
    agency_id     BLOB    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    source        TEXT    NOT NULL,
    -- The settings the text was generated with.
    settings_json TEXT    NOT NULL,
    -- The text as the user edited it.
    text_json     TEXT    NOT NULL,
    CONSTRAINT analyses_pkey PRIMARY KEY (agency_id, fiscal_year, source),
    CONSTRAINT analyses_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT analyses_source_check CHECK (source IN ('official', 'self_assessed'))
) STRICT;
