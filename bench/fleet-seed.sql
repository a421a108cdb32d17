-- 100,000 devices in 10 classes and 1,000 images (10 firmware types x 100 versions, each with a
-- stored binary's metadata); per class one bundle on "stable" with the newest image of 3 types.
-- Device n's key is 'bench-key-' followed by n in 33 digits (43 characters, like a real key).
INSERT INTO firmware_type (project_id, name, version_scheme, created_at)
SELECT 1, 'type_' || t, 'SEMANTIC', now() FROM generate_series(0, 9) t;

-- Each image's binary is catalogued in stored_binary (V8) before an image may name it.
INSERT INTO stored_binary (binary_key, sha256, size_bytes, stored_at, intact)
SELECT 'bench-' || t || '-' || v, md5('a' || t || v) || md5('b' || t || v), 1048576, now(), TRUE
FROM generate_series(0, 9) t, generate_series(0, 99) v;

INSERT INTO firmware_image (id, project_id, type_name, version, created_at, artifact_kind, binary_key, filename,
                            size_bytes, sha1, sha256, row_version)
SELECT md5('image' || t || '.' || v)::uuid, 1, 'type_' || t, '1.' || v || '.0', now() + v * interval '1 ms',
       'STORED', 'bench-' || t || '-' || v, 'firmware-' || t || '-' || v || '.bin', 1048576,
       substr(md5('sha1' || t || v) || md5('x' || t || v), 1, 40), md5('a' || t || v) || md5('b' || t || v), 0
FROM generate_series(0, 9) t, generate_series(0, 99) v;

INSERT INTO bundle (id, project_id, name, description, device_class, channel, created_at, row_version)
SELECT substr(md5('bundle' || c), 1, 24), 1, 'bundle_' || c, 'benchmark bundle', 'class_' || c, 'stable', now(), 0
FROM generate_series(0, 9) c;

INSERT INTO bundle_component (bundle_id, position, image_id, type_name)
SELECT substr(md5('bundle' || c), 1, 24), p, md5('image' || ((c + p) % 10) || '.99')::uuid, 'type_' || ((c + p) % 10)
FROM generate_series(0, 9) c, generate_series(0, 2) p;

INSERT INTO device (id, project_id, device_class, api_key_sha256, created_at, row_version)
SELECT 'bench-device-' || n, 1, 'class_' || (n % 10),
       encode(sha256(convert_to('bench-key-' || lpad(n::text, 33, '0'), 'UTF8')), 'hex'), now(), 0
FROM generate_series(1, 100000) n;

ANALYZE;
