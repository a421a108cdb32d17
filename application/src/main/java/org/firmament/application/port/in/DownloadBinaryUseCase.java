package org.firmament.application.port.in;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;

/** Use case: read the stored binary of an image. */
public interface DownloadBinaryUseCase {

    /**
     * What is stored for the image (key, file name, size and digests) and whether it was found corrupt.
     *
     * @throws org.firmament.domain.NotFoundException with subject IMAGE when there is no such image,
     *     with subject BINARY when the image has no stored binary
     */
    DownloadableBinary describe(ProjectId projectId, ImageId id);

    /**
     * Opens {@code length} bytes of the binary from {@code offset} (fewer when the binary ends
     * first), refusing one its lookup found corrupt; the caller closes the content. A whole binary is checked against its SHA-256 as it
     * streams, unless it is a local file whose current version this instance already read whole and
     * found matching: that one comes as a {@link BinaryContent.FileRegion} to send as it is. A range
     * of a local file always comes as a file region.
     *
     * @throws org.firmament.domain.NotFoundException with subject BINARY when the binary went away meanwhile
     * @throws org.firmament.application.port.out.ServiceUnavailableException when the binary was found
     *     corrupt, or (from a read of the whole binary) turns out to be: it is not served
     */
    BinaryContent open(DownloadableBinary binary, long offset, long length);

    /**
     * A URL from which anyone may GET the binary straight from the store for {@code lifetime}, answered
     * with {@code contentDisposition}; see {@link org.firmament.application.port.out.BinaryStore#presignedGet}.
     *
     * @throws org.firmament.application.port.out.ServiceUnavailableException when the binary was found
     *     corrupt, or signing fails
     */
    Optional<URI> presignedUrl(DownloadableBinary binary, String contentDisposition, Duration lifetime);
}
