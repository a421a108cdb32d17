package org.firmament.adapters.rest.downloads;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.firmament.adapters.rest.common.Forbidden;
import org.firmament.application.port.out.Clock;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.Digest;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/**
 * REST adapter: the one place that builds and checks the download URLs handed to devices. A link
 * is absolute (from {@code FIRMAMENT_PUBLIC_URL}, else the request's base URI) and signed, so it
 * works without a credential until it expires:
 * {@code <base>downloads/<projectId>/<imageId>?expires=<unix seconds>&sha256=<hex>&signature=<base64url>},
 * where the signature is HMAC-SHA256 over the path, the expiry and the SHA-256 of the binary, so
 * that a link to a binary that was replaced since stops working. Every surface that hands out a
 * download URL takes it from here ({@link #urlOf}, {@link #linkTo}); {@link DownloadResource} serves it.
 */
public final class DownloadLinks {

    /** The first path segment of every link, relative to the base URI. */
    public static final String PATH = "downloads";
    /** Bounds of the configured lifetime: long enough for a device to start, short enough to be revocable. */
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    /** Shorter keys are too easy to guess; 32 characters is RFC 7518's floor for HMAC-SHA256 too. */
    public static final int MIN_KEY_LENGTH = 32;
    /** Each link is good for at least the lifetime and at most this share of it more; see {@link #expiryFrom}. */
    private static final int EXPIRY_STEPS_PER_LIFETIME = 10;
    private static final String ALGORITHM = "HmacSHA256";
    private static final String NOT_VALID = "The download link is not valid";
    private static final Base64.Encoder SIGNATURE_TEXT = Base64.getUrlEncoder().withoutPadding();

    private final Optional<URI> publicUrl;
    private final Supplier<String> signingKey;
    /**
     * Initialised once, when the key is first needed; each signature works on a clone, because a
     * {@link Mac} is not thread-safe.
     */
    private volatile Mac keyedMac;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param publicUrl the base URL devices reach the server at (absolute http or https), or empty to
     *     use each request's own base URI
     * @param signingKey at least {@link #MIN_KEY_LENGTH} characters; its UTF-8 bytes are the HMAC key
     * @param lifetime how long a new link works, between {@link #MIN_LIFETIME} and {@link #MAX_LIFETIME}
     */
    public DownloadLinks(Optional<URI> publicUrl, String signingKey, Duration lifetime, Clock clock) {
        this(publicUrl, () -> signingKey, lifetime, clock);
        readKey();
    }

    private DownloadLinks(Optional<URI> publicUrl, Supplier<String> signingKey, Duration lifetime, Clock clock) {
        this.publicUrl = Objects.requireNonNull(publicUrl).map(DownloadLinks::asBase);
        this.signingKey = Objects.requireNonNull(signingKey);
        if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("the download link lifetime must be between " + MIN_LIFETIME.toSeconds()
                    + " and " + MAX_LIFETIME.toSeconds() + " seconds");
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Links whose key is asked of {@code signingKey} only when first needed, so that the key can come
     * from a database still starting while the surfaces are built. The server calls {@link #readKey}
     * before it serves, so that a key that cannot be read or is too short stops the start.
     */
    public static DownloadLinks withKeyReadLater(Optional<URI> publicUrl, Supplier<String> signingKey,
                                                 Duration lifetime, Clock clock) {
        return new DownloadLinks(publicUrl, signingKey, lifetime, clock);
    }

    /**
     * Reads and checks the signing key now, unless it was read before.
     *
     * @throws IllegalArgumentException when the key is shorter than {@link #MIN_KEY_LENGTH}
     */
    public void readKey() {
        keyedMac();
    }

    private Mac keyedMac() {
        Mac mac = keyedMac;
        if (mac == null) {
            synchronized (this) {
                mac = keyedMac;
                if (mac == null) {
                    mac = macFor(signingKey.get());
                    keyedMac = mac;
                }
            }
        }
        return mac;
    }

    private static Mac macFor(String signingKey) {
        if (signingKey == null || signingKey.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the download signing key must have at least " + MIN_KEY_LENGTH
                    + " characters");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Where a device fetches the image's file: an external URL as it was given, a signed link for a
     * stored binary, or empty while the image has no artifact.
     *
     * @param requestBase the base URI of the request being answered, used when no public URL is configured
     */
    public Optional<String> urlOf(FirmwareImage image, URI requestBase) {
        Optional<Artifact> artifact = image.artifact();
        if (artifact.isEmpty()) {
            return Optional.empty();
        }
        if (artifact.get() instanceof Artifact.ExternalUrl external) {
            return Optional.of(external.url());
        }
        Artifact.StoredBinary stored = (Artifact.StoredBinary) artifact.get();
        return Optional.of(linkTo(image.projectId(), image.id(), stored.sha256(), requestBase).toString());
    }

    /** A signed link to the stored binary with SHA-256 {@code sha256} of image {@code imageId}. */
    public URI linkTo(ProjectId projectId, ImageId imageId, Digest sha256, URI requestBase) {
        if (sha256.algorithm() != Digest.Algorithm.SHA256) {
            throw new IllegalArgumentException("a download link names the binary's SHA-256");
        }
        String path = path(projectId.toString(), imageId.toString());
        String expires = Long.toString(currentExpiry());
        URI base = publicUrl.orElseGet(() -> asBase(requestBase));
        return base.resolve(path + "?expires=" + expires + "&sha256=" + sha256.hex()
                + "&signature=" + signature(path, expires, sha256.hex()));
    }

    /**
     * Checks a link's parts as they arrived (raw path segments and query values) and answers what
     * it grants.
     *
     * @throws Forbidden when a part is missing, the signature does not match (anything was altered),
     *     or the link has expired
     */
    public SignedDownload verify(String projectId, String imageId, String expires, String sha256, String signature) {
        if (projectId == null || imageId == null || expires == null || sha256 == null || signature == null) {
            throw new Forbidden(NOT_VALID);
        }
        String expected = signature(path(projectId, imageId), expires, sha256);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.UTF_8))) {
            throw new Forbidden(NOT_VALID);
        }
        try {
            if (nowSeconds() > Long.parseLong(expires)) {
                throw new Forbidden("The download link has expired; ask for a new one");
            }
            return new SignedDownload(ProjectId.parse(projectId), ImageId.tryParse(imageId).orElseThrow(() -> new Forbidden(NOT_VALID)), Digest.sha256(sha256));
        } catch (NumberFormatException | InvalidValueException signedButUnreadable) {
            // Only possible with a link signed by a different build; nothing this server issues.
            throw new Forbidden(NOT_VALID);
        }
    }

    /** Whether {@code url} is a download link (signed or not, expired or not) of that image. */
    public boolean pointsTo(String url, ProjectId projectId, ImageId imageId) {
        try {
            String path = new URI(url).getPath();
            return path != null && path.endsWith("/" + path(projectId.toString(), imageId.toString()));
        } catch (URISyntaxException notAUrl) {
            return false;
        }
    }

    /** How long a new link works at least. */
    public Duration lifetime() {
        return lifetime;
    }

    /** What a valid link grants: the binary with this SHA-256 of this image. */
    public record SignedDownload(ProjectId projectId, ImageId imageId, Digest sha256) {
    }

    /** The expiry a link made now gets: answers that carry links stay the same while it does. */
    public long currentExpiry() {
        return expiryFrom(nowSeconds());
    }

    /** Now in whole seconds since the epoch, rounded down. */
    private long nowSeconds() {
        return Math.floorDiv(clock.epochMillis(), 1000);
    }

    /**
     * The expiry of a link made at {@code nowSeconds} (since the epoch): the lifetime from then,
     * rounded up to a tenth of the lifetime, so that for that tenth the same image gets the same
     * link and answers that carry links (a device's check-in) stay cacheable.
     */
    private long expiryFrom(long nowSeconds) {
        long step = Math.max(1, lifetime.toSeconds() / EXPIRY_STEPS_PER_LIFETIME);
        long earliest = nowSeconds + lifetime.toSeconds();
        return (earliest / step + 1) * step;
    }

    private static String path(String projectId, String imageId) {
        return PATH + "/" + projectId + "/" + imageId;
    }

    private String signature(String path, String expires, String sha256) {
        Mac mac;
        try {
            // Cloning skips the provider lookup and key set-up, which cost more than the HMAC itself.
            mac = (Mac) keyedMac().clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
        // Newlines cannot occur in a path segment or a query value as they arrive, so the parts cannot run together.
        byte[] message = ("/" + path + "\n" + expires + "\n" + sha256).getBytes(StandardCharsets.UTF_8);
        return SIGNATURE_TEXT.encodeToString(mac.doFinal(message));
    }

    private static URI asBase(URI url) {
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text : text + "/");
    }
}
