package org.firmament.domain.firmware;

import java.util.regex.Pattern;
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

    /**
     * A firmware file published elsewhere (seed 000's {@code url}); Firmament only hands the URL
     * out, exactly as it was given. It must be an absolute http or https URL with a host and no
     * white space; characters that strict URI parsing rejects but HTTP clients send anyway (the
     * seed's own example has {@code <BUCKET_NAME>} in it) are accepted.
     */
    record ExternalUrl(String url) implements Artifact {

        public static final int MAX_LENGTH = 2048;
        private static final Pattern ABSOLUTE_HTTP = Pattern.compile("(?i)https?://[^\\s/?#@]+(?:[/?#]\\S*)?");

        public ExternalUrl {
            Names.requireText("url", url, MAX_LENGTH);
            if (!ABSOLUTE_HTTP.matcher(url).matches()) {
                throw new InvalidValueException("url", "url must be an absolute http or https URL");
            }
        }
    }
}
