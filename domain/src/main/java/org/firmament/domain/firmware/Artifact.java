package org.firmament.domain.firmware;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.Names;

/** Where the bytes of a firmware image are: a binary Firmament stores, or a URL somewhere else. */
public sealed interface Artifact {

    /** A binary held by the binary store, with what was measured while it streamed in. */
    record StoredBinary(BinaryKey key, String filename, long size, Digest sha1, Digest sha256) implements Artifact {

        public static final int MAX_FILENAME_LENGTH = 255;

        public StoredBinary {
            Names.requirePresent("binaryKey", key);
            filename = Names.requireText("filename", filename, MAX_FILENAME_LENGTH);
            if (filename.contains("/") || filename.contains("\\")) {
                throw new InvalidValueException("filename", "filename must not contain a path");
            }
            if (size < 0) {
                throw new InvalidValueException("size", "size must not be negative");
            }
            if (sha1 == null || sha1.algorithm() != Digest.Algorithm.SHA1) {
                throw new InvalidValueException("sha1", "a SHA-1 digest is required");
            }
            if (sha256 == null || sha256.algorithm() != Digest.Algorithm.SHA256) {
                throw new InvalidValueException("sha256", "a SHA-256 digest is required");
            }
        }
    }

    /** A firmware file published elsewhere (seed 000's {@code url}); Firmament only hands the URL out. */
    record ExternalUrl(String url) implements Artifact {

        public static final int MAX_LENGTH = 2048;

        public ExternalUrl {
            Names.requireText("url", url, MAX_LENGTH);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new InvalidValueException("url", "url is not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidValueException("url", "url must be an absolute http or https URL");
            }
        }
    }
}
