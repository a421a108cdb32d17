-- One row per binary in the binary store. Identical bytes (same SHA-256 and size) are stored
-- once, in any project: images refer to the row by its key, and the foreign key makes it
-- impossible to remove a binary an image still uses. Uploads lock the row they adopt and
-- releases lock it before they count the images left, so the two never cross.
--
-- corrupt_since is set when the bytes in the store no longer have the recorded SHA-256
-- (found while streaming a download or by the verification job); verified_at is the last time
-- the verification job read the whole binary and found it good. intact is TRUE, or NULL while the
-- binary is corrupt: NULLs never collide in a unique key, so a fresh upload of the same bytes can
-- be stored next to a corrupt copy, and only intact copies are reused.

CREATE TABLE stored_binary (
    binary_key     VARCHAR(128)                NOT NULL,
    sha256         VARCHAR(64)                 NOT NULL,
    size_bytes     BIGINT                      NOT NULL,
    stored_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    verified_at    TIMESTAMP(6) WITH TIME ZONE,
    corrupt_since  TIMESTAMP(6) WITH TIME ZONE,
    intact         BOOLEAN,
    CONSTRAINT stored_binary_pkey PRIMARY KEY (binary_key),
    CONSTRAINT stored_binary_content_key UNIQUE (sha256, size_bytes, intact),
    CONSTRAINT stored_binary_intact_or_corrupt CHECK ((intact IS NULL) = (corrupt_since IS NOT NULL)),
    CONSTRAINT stored_binary_intact_true CHECK (intact IS NULL OR intact = TRUE),
    CONSTRAINT stored_binary_key_length CHECK (CHAR_LENGTH(binary_key) BETWEEN 1 AND 128),
    CONSTRAINT stored_binary_sha256_length CHECK (CHAR_LENGTH(sha256) = 64),
    CONSTRAINT stored_binary_size_not_negative CHECK (size_bytes >= 0)
);

-- Existing images that hold the same bytes under different keys now share the first key; the
-- other copies are no longer referenced and the orphan sweep removes them from the store.
INSERT INTO stored_binary (binary_key, sha256, size_bytes, stored_at, intact)
    SELECT MIN(binary_key), sha256, size_bytes, MIN(created_at), TRUE
    FROM firmware_image
    WHERE binary_key IS NOT NULL
    GROUP BY sha256, size_bytes;

UPDATE firmware_image
    SET binary_key = (SELECT b.binary_key FROM stored_binary b
                      WHERE b.sha256 = firmware_image.sha256 AND b.size_bytes = firmware_image.size_bytes)
    WHERE binary_key IS NOT NULL;

ALTER TABLE firmware_image ADD CONSTRAINT firmware_image_binary_fkey
    FOREIGN KEY (binary_key) REFERENCES stored_binary (binary_key);

CREATE INDEX stored_binary_corrupt_idx ON stored_binary (corrupt_since);
