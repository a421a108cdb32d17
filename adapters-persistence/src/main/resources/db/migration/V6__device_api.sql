-- Firmament schema, version 6: Firmament's own device API. What a device runs per firmware type,
-- what an operator pinned for it, and the updates the device API offered it with their progress.
--
-- Same rules as V1: one script for H2 2.x and PostgreSQL, named constraints, and limits that repeat
-- the domain's (Names.MAX_IDENTIFIER_LENGTH, FirmwareTypeName and FirmwareVersion: 128; OfferedUpdate).

-- One "type<TAB>version" line per firmware type (InstalledVersions); neither may hold a control
-- character, so the separators are unambiguous. Read with the device on every authentication,
-- hence a column rather than a table. Devices of earlier versions run nothing known: empty.
ALTER TABLE device ADD COLUMN installed_versions VARCHAR DEFAULT '' NOT NULL;
-- The operator's pin (UpdatePin): a bundle, or one version of one type, or nothing.
ALTER TABLE device ADD COLUMN pin_bundle VARCHAR(128);
ALTER TABLE device ADD COLUMN pin_type VARCHAR(128);
ALTER TABLE device ADD COLUMN pin_version VARCHAR(128);
ALTER TABLE device ADD CONSTRAINT device_pin_one_kind CHECK (
    (pin_bundle IS NULL AND pin_type IS NULL AND pin_version IS NULL)
    OR (pin_bundle IS NOT NULL AND pin_type IS NULL AND pin_version IS NULL)
    OR (pin_bundle IS NULL AND pin_type IS NOT NULL AND pin_version IS NOT NULL));

CREATE TABLE offered_update (
    id          UUID                        NOT NULL,
    project_id  BIGINT                      NOT NULL,
    device_id   VARCHAR(128)                NOT NULL,
    kind        VARCHAR(8)                  NOT NULL,
    -- No foreign keys to the bundle or the images, whose ids, types and versions are copied: the
    -- history stays readable after they are deleted.
    bundle_id   VARCHAR(128),
    -- One "image id<TAB>type<TAB>version" line per image, in the order offered.
    items       VARCHAR                     NOT NULL,
    fingerprint CHAR(64)                    NOT NULL,
    pinned      BOOLEAN                     NOT NULL,
    offered_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    state       VARCHAR(16)                 NOT NULL,
    message     VARCHAR(1000),
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_version BIGINT                      NOT NULL,
    CONSTRAINT offered_update_pkey PRIMARY KEY (id),
    CONSTRAINT offered_update_device_fkey FOREIGN KEY (device_id) REFERENCES device (id) ON DELETE CASCADE,
    CONSTRAINT offered_update_kind_known CHECK (kind IN ('BUNDLE', 'IMAGES')),
    CONSTRAINT offered_update_bundle_of_kind CHECK ((kind = 'BUNDLE') = (bundle_id IS NOT NULL)),
    CONSTRAINT offered_update_items_present CHECK (CHAR_LENGTH(items) > 0),
    CONSTRAINT offered_update_state_known CHECK (state IN
        ('ASSIGNED', 'DOWNLOADING', 'INSTALLING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED')),
    CONSTRAINT offered_update_message_length CHECK (CHAR_LENGTH(message) <= 1000)
);

-- A device's latest update on every check-in, and its history newest first.
CREATE INDEX offered_update_project_device_offered_idx ON offered_update (project_id, device_id, offered_at);
