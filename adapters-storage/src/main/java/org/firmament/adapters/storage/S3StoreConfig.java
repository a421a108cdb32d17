package org.firmament.adapters.storage;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Storage adapter: where the S3-compatible binary store is and how to log in to it.
 *
 * @param endpoint base URL of the S3 service, for example {@code http://minio:9000}
 * @param accessKey access key id
 * @param secretKey secret access key; left out of {@link #toString()}
 * @param bucket bucket that holds the binaries; created when missing
 * @param region signing region, or {@code null} (blank counts as {@code null}) to let the client ask the service
 */
public record S3StoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    /** S3's rules for bucket names, minus the obscure ones (IP-address look-alikes). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3StoreConfig {
        endpoint = required("endpoint", endpoint);
        accessKey = required("accessKey", accessKey);
        secretKey = required("secretKey", secretKey);
        bucket = required("bucket", bucket);
        region = region == null || region.isBlank() ? null : region.strip();
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 endpoint is not a URL: " + endpoint, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http or https URL with a host: " + endpoint);
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("S3 bucket name is not valid: " + bucket);
        }
    }

    @Override
    public String toString() {
        return "S3StoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket="
                + bucket + ", region=" + region + "]";
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("S3 " + name + " is required");
        }
        return value.strip();
    }
}
