-- A progress entry's results, each with its own evidence, PostgreSQL flavour.
--
-- Kept in step with ../sqlite/0010_progress_results.sql (a test compares the
-- two). Until now an entry held one summary and one list of links, so a link
-- could not say which result it shows. `results_json` holds the results in
-- order, each {"text", "links": [{"url", "label"}], "files": [evidence file
-- id]} (the lists left out when empty). Each existing entry becomes one
-- result holding its summary as typed and all its links, in their order;
-- an entry with neither has no results.

ALTER TABLE measure_progress ADD COLUMN results_json TEXT NOT NULL DEFAULT '[]';

UPDATE measure_progress
SET results_json = json_build_array(
    CASE
        WHEN json_array_length(links_json::json) = 0 THEN json_build_object('text', summary)
        ELSE json_build_object('text', summary, 'links', links_json::json)
    END
)::text
WHERE summary <> '' OR json_array_length(links_json::json) > 0;

ALTER TABLE measure_progress DROP COLUMN summary, DROP COLUMN links_json;
