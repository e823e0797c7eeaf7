-- Days of a survey whose burst of answers an administrator accepted: from
-- then on their answers count in the score predictions.
CREATE TABLE survey_accepted_days (
    agency_id   UUID        NOT NULL,
    survey_id   UUID        NOT NULL,
    day         DATE        NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT survey_accepted_days_pkey PRIMARY KEY (agency_id, survey_id, day),
    CONSTRAINT survey_accepted_days_survey_fkey FOREIGN KEY (agency_id, survey_id)
        REFERENCES surveys (agency_id, id)
);
