package org.firmament.adapters.rest;

import java.util.Objects;
import org.firmament.application.port.in.AdminTokenUseCase;
import org.firmament.application.port.in.AttachBinaryUseCase;
import org.firmament.application.port.in.CheckHealthUseCase;
import org.firmament.application.port.in.DetachBinaryUseCase;
import org.firmament.application.port.in.DownloadBinaryUseCase;
import org.firmament.application.port.in.QueryImagesUseCase;
import org.firmament.application.port.in.RegisterImageUseCase;
import org.firmament.application.port.in.RemoveImageUseCase;

/** REST adapter: the in-ports the HTTP surfaces call, handed over by the composition root. */
public record RestUseCases(
        RegisterImageUseCase registerImage,
        QueryImagesUseCase queryImages,
        RemoveImageUseCase removeImage,
        AttachBinaryUseCase attachBinary,
        DetachBinaryUseCase detachBinary,
        DownloadBinaryUseCase downloadBinary,
        AdminTokenUseCase adminToken,
        CheckHealthUseCase checkHealth) {

    public RestUseCases {
        Objects.requireNonNull(registerImage, "registerImage");
        Objects.requireNonNull(queryImages, "queryImages");
        Objects.requireNonNull(removeImage, "removeImage");
        Objects.requireNonNull(attachBinary, "attachBinary");
        Objects.requireNonNull(detachBinary, "detachBinary");
        Objects.requireNonNull(downloadBinary, "downloadBinary");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(checkHealth, "checkHealth");
    }
}
