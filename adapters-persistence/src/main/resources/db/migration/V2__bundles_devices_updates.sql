-- Firmament schema, version 2: bundles and their components, devices, and the updates assigned to them.
--
-- Same rules as V1: one script for H2 2.x and PostgreSQL, named constraints, and limits that repeat
-- the domain's (Names.MAX_IDENTIFIER_LENGTH for ids, classes and channels; Bundle; DeviceUpdate;
-- FirmwareVersion; SecretHash).

CREATE TABLE bundle (
    id           VARCHAR(128)                NOT NULL,
    project_id   BIGINT                      NOT NULL,
    name         VARCHAR(200)                NOT NULL,
    description  VARCHAR(2000)               NOT NULL,
    device_class VARCHAR(128)                NOT NULL,
    channel      VARCHAR(128)                NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_version  BIGINT                      NOT NULL,
    -- Bundle ids are unique across projects: a device reports its installed bundle without a project.
    CONSTRAINT bundle_pkey PRIMARY KEY (id),
    CONSTRAINT bundle_project_fkey FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT bundle_id_length CHECK (CHAR_LENGTH(id) BETWEEN 1 AND 128),
    CONSTRAINT bundle_name_length CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 200),
    -- The domain stores a missing description as the empty string.
    CONSTRAINT bundle_description_length CHECK (CHAR_LENGTH(description) <= 2000),
    CONSTRAINT bundle_device_class_length CHECK (CHAR_LENGTH(device_class) BETWEEN 1 AND 128),
    CONSTRAINT bundle_channel_length CHECK (CHAR_LENGTH(channel) BETWEEN 1 AND 128)
);

-- Devices ask for the bundles of their class on their channel; listings are oldest first.
CREATE INDEX bundle_project_class_channel_idx ON bundle (project_id, device_class, channel, created_at);

CREATE TABLE bundle_component (
    bundle_id VARCHAR(128) NOT NULL,
    position  INTEGER      NOT NULL,
    image_id  UUID         NOT NULL,
    type_name VARCHAR(128) NOT NULL,
    CONSTRAINT bundle_component_pkey PRIMARY KEY (bundle_id, position),
    -- Backs the domain rule: a bundle holds at most one image of each firmware type.
    CONSTRAINT bundle_component_type_key UNIQUE (bundle_id, type_name),
    CONSTRAINT bundle_component_bundle_fkey FOREIGN KEY (bundle_id) REFERENCES bundle (id) ON DELETE CASCADE,
    -- No cascade: an image a bundle holds cannot be deleted from under it. The use case checks
    -- first; this is the backstop when another request adds the image to a bundle meanwhile.
    CONSTRAINT bundle_component_image_fkey FOREIGN KEY (image_id) REFERENCES firmware_image (id),
    -- Bundle.MAX_COMPONENTS is 256, counted from position 0.
    CONSTRAINT bundle_component_position_range CHECK (position BETWEEN 0 AND 255),
    CONSTRAINT bundle_component_type_name_length CHECK (CHAR_LENGTH(type_name) BETWEEN 1 AND 128)
);

-- "Does any bundle hold this image?" before an image is deleted, and the foreign key's own check.
CREATE INDEX bundle_component_image_idx ON bundle_component (image_id);

CREATE TABLE device (
    id               VARCHAR(128)                NOT NULL,
    project_id       BIGINT                      NOT NULL,
    device_class     VARCHAR(128)                NOT NULL,
    channel_override VARCHAR(128),
    api_key_sha256   CHAR(64)                    NOT NULL,
    -- What the device reports; no foreign key, since it may name a bundle deleted since.
    installed_bundle VARCHAR(128),
    last_seen        TIMESTAMP(6) WITH TIME ZONE,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_version      BIGINT                      NOT NULL,
    -- Device ids are unique across projects: seed 003 names a device without its project.
    CONSTRAINT device_pkey PRIMARY KEY (id),
    -- A device authenticates by its key alone, so a key hash finds at most one device.
    CONSTRAINT device_api_key_sha256_key UNIQUE (api_key_sha256),
    CONSTRAINT device_project_fkey FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT device_id_length CHECK (CHAR_LENGTH(id) BETWEEN 1 AND 128),
    CONSTRAINT device_device_class_length CHECK (CHAR_LENGTH(device_class) BETWEEN 1 AND 128),
    CONSTRAINT device_channel_override_length CHECK (CHAR_LENGTH(channel_override) BETWEEN 1 AND 128),
    CONSTRAINT device_api_key_sha256_length CHECK (CHAR_LENGTH(api_key_sha256) = 64),
    CONSTRAINT device_installed_bundle_length CHECK (CHAR_LENGTH(installed_bundle) BETWEEN 1 AND 128)
);

-- Device listings filter by class or by channel override within a project, ordered by id.
CREATE INDEX device_project_class_idx ON device (project_id, device_class, id);
CREATE INDEX device_project_channel_idx ON device (project_id, channel_override, id);

CREATE TABLE device_update (
    id          UUID                        NOT NULL,
    project_id  BIGINT                      NOT NULL,
    device_id   VARCHAR(128)                NOT NULL,
    -- No foreign key to the image, and its version copied: the history stays readable after the
    -- image is deleted.
    image_id    UUID                        NOT NULL,
    version     VARCHAR(128)                NOT NULL,
    assigned_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    state       VARCHAR(16)                 NOT NULL,
    message     VARCHAR(1000),
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_version BIGINT                      NOT NULL,
    CONSTRAINT device_update_pkey PRIMARY KEY (id),
    CONSTRAINT device_update_device_fkey FOREIGN KEY (device_id) REFERENCES device (id) ON DELETE CASCADE,
    CONSTRAINT device_update_version_length CHECK (CHAR_LENGTH(version) BETWEEN 1 AND 128),
    CONSTRAINT device_update_state_known CHECK (state IN
        ('ASSIGNED', 'DOWNLOADING', 'INSTALLING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED')),
    CONSTRAINT device_update_message_length CHECK (CHAR_LENGTH(message) <= 1000)
);

-- A device's latest update and its history, and the "latest per device" listing's subquery.
CREATE INDEX device_update_project_device_assigned_idx ON device_update (project_id, device_id, assigned_at);
