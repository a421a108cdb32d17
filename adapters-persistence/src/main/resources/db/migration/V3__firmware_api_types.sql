-- The Firmware API (seed 000) serves two firmware types out of the box, OKM and IR4KEY, in the
-- default project. Their versions are build numbers such as 01932023020111482: numeric.
INSERT INTO firmware_type (project_id, name, version_scheme, created_at)
VALUES (1, 'OKM', 'NUMERIC', CURRENT_TIMESTAMP),
       (1, 'IR4KEY', 'NUMERIC', CURRENT_TIMESTAMP);
