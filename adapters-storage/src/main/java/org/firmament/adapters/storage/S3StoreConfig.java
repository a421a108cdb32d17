package org.firmament.adapters.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Storage adapter: where the S3-compatible binary store is and how to log in to it.
 *
 * @param endpoint base URL of the S3 service, for example {@code http://minio:9000}
 * @param accessKey access key id
 * @param secretKey secret access key; left out of {@link #toString()}
 * @param bucket bucket that holds the binaries; created when missing
 * @param region signing region, or {@code null} (blank counts as {@code null}) to let the client ask the service
 * @param publicEndpoint base URL devices reach the same service at, for presigned URLs; {@code null} (or
 *     blank) when it is {@code endpoint}
 * @param connectTimeout how long opening a connection to the service may take; at least 1 s
 * @param readTimeout how long the service may stay silent while a request is sent or its answer
 *     read (each wait for the next bytes, not a whole transfer); at least 1 s
 */
public record S3StoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region,
                            String publicEndpoint, Duration connectTimeout, Duration readTimeout) {

    /** A store on the same network answers a connection attempt within milliseconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Long enough for a store under load to produce the next bytes of a large object, short enough
     * that a store that stopped answering ends a request with a 503 rather than holding its thread.
     */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MINIMUM_TIMEOUT = Duration.ofSeconds(1);

    /** S3's rules for bucket names, minus the obscure ones (IP-address look-alikes). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3StoreConfig {
        endpoint = required("endpoint", endpoint);
        accessKey = required("accessKey", accessKey);
        secretKey = required("secretKey", secretKey);
        bucket = required("bucket", bucket);
        region = region == null || region.isBlank() ? null : region.strip();
        publicEndpoint = publicEndpoint == null || publicEndpoint.isBlank() ? null : publicEndpoint.strip();
        requireHttpUrl("endpoint", endpoint);
        if (publicEndpoint != null) {
            requireHttpUrl("public endpoint", publicEndpoint);
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("S3 bucket name is not valid: " + bucket);
        }
        atLeastOneSecond("connectTimeout", connectTimeout);
        atLeastOneSecond("readTimeout", readTimeout);
    }

    /** With the default timeouts. */
    public S3StoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region,
                         String publicEndpoint) {
        this(endpoint, accessKey, secretKey, bucket, region, publicEndpoint, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT);
    }

    /** Without a public endpoint (devices reach the store where Firmament does), with the default timeouts. */
    public S3StoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this(endpoint, accessKey, secretKey, bucket, region, null);
    }

    /** Where presigned URLs point: the public endpoint, else the endpoint. */
    public String presigningEndpoint() {
        return publicEndpoint != null ? publicEndpoint : endpoint;
    }

    @Override
    public String toString() {
        return "S3StoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket="
                + bucket + ", region=" + region + ", publicEndpoint=" + publicEndpoint + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static void atLeastOneSecond(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.compareTo(MINIMUM_TIMEOUT) < 0) {
            throw new IllegalArgumentException("S3 " + name + " must be at least 1 s, was " + timeout);
        }
    }

    private static void requireHttpUrl(String name, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 " + name + " is not a URL: " + url, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("S3 " + name + " must be an http or https URL with a host: " + url);
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("S3 " + name + " is required");
        }
        return value.strip();
    }
}
