-- Exactly one row at most: the key that signs download links, generated at first start when
-- FIRMAMENT_DOWNLOAD_SIGNING_KEY is not set, so that every instance sharing the database signs and
-- checks links alike. Unlike the admin token it is kept as is: checking a signature needs the key.
-- The fixed id makes two instances starting together collide on insert instead of both storing one.
CREATE TABLE download_signing_key (
    id          INTEGER      NOT NULL,
    signing_key VARCHAR(128) NOT NULL,
    CONSTRAINT download_signing_key_pkey PRIMARY KEY (id),
    CONSTRAINT download_signing_key_single_row CHECK (id = 1),
    CONSTRAINT download_signing_key_length CHECK (CHAR_LENGTH(signing_key) BETWEEN 32 AND 128)
);
