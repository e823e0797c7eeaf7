-- The transparency portal's published items, PostgreSQL flavour.
--
-- Kept in step with ../sqlite/0007_publications.sql (a test compares the two);
-- the differences from SQLite are those of 0001_foundation.sql. A publication
-- is a frozen snapshot: its summary as JSON and its files' bytes, copied when an
-- administrator publishes, so later edits of the source change nothing public.
-- Publishing a kind and year again deletes the old row and its files first.

-- One item per agency, kind and fiscal year. published_by has no foreign key,
-- like measure_progress.updated_by: it is history.
CREATE TABLE publications (
    agency_id    UUID    NOT NULL,
    id           UUID    NOT NULL,
    -- ita_analysis | measures | half_year_report | annual_report | action_plan
    -- | plan_follow_up | risk_assessment | complaint_statistics
    kind         TEXT    COLLATE "C" NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    published_by UUID,
    summary_json TEXT    NOT NULL,
    CONSTRAINT publications_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT publications_agency_id_kind_fiscal_year_key UNIQUE (agency_id, kind, fiscal_year),
    CONSTRAINT publications_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT publications_kind_check CHECK (kind IN (
        'ita_analysis', 'measures', 'half_year_report', 'annual_report', 'action_plan',
        'plan_follow_up', 'risk_assessment', 'complaint_statistics'
    ))
);

-- The files of a publication in the order they are offered (idx 0..n-1), bytes
-- as rendered when it was published.
CREATE TABLE publication_files (
    agency_id      UUID    NOT NULL,
    publication_id UUID    NOT NULL,
    idx            INTEGER NOT NULL CHECK (idx >= 0),
    file_name      TEXT    NOT NULL,
    content_type   TEXT    NOT NULL,
    bytes          BYTEA   NOT NULL,
    CONSTRAINT publication_files_pkey PRIMARY KEY (agency_id, publication_id, idx),
    CONSTRAINT publication_files_publication_fkey FOREIGN KEY (agency_id, publication_id)
        REFERENCES publications (agency_id, id)
);
