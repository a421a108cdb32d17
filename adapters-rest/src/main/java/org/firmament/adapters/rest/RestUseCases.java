package org.firmament.adapters.rest;

import java.util.Objects;
import org.firmament.application.port.in.AttachBinaryUseCase;
import org.firmament.application.port.in.BinaryIntegrityUseCase;
import org.firmament.application.port.in.AuthenticateUseCase;
import org.firmament.application.port.in.CheckForUpdateUseCase;
import org.firmament.application.port.in.CheckHealthUseCase;
import org.firmament.application.port.in.DeployDeviceFirmwareUseCase;
import org.firmament.application.port.in.DetachBinaryUseCase;
import org.firmament.application.port.in.DeviceCheckInUseCase;
import org.firmament.application.port.in.DownloadBinaryUseCase;
import org.firmament.application.port.in.DownloadDeviceFirmwareUseCase;
import org.firmament.application.port.in.ManageApiKeysUseCase;
import org.firmament.application.port.in.ManageBundlesUseCase;
import org.firmament.application.port.in.ManageDevicesUseCase;
import org.firmament.application.port.in.ManageFirmwareTypesUseCase;
import org.firmament.application.port.in.ManageProjectsUseCase;
import org.firmament.application.port.in.PublishExternalFirmwareUseCase;
import org.firmament.application.port.in.QueryAuditLogUseCase;
import org.firmament.application.port.in.QueryBundlesUseCase;
import org.firmament.application.port.in.QueryDeviceOtaUseCase;
import org.firmament.application.port.in.QueryDeviceUpdatesUseCase;
import org.firmament.application.port.in.QueryImagesUseCase;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.application.port.in.RegisterImageUseCase;
import org.firmament.application.port.in.RemoveImageUseCase;
import org.firmament.application.port.in.ReportFirmwareInfoUseCase;
import org.firmament.application.port.in.ReviseImageUseCase;

/** REST adapter: the in-ports the HTTP surfaces call, handed over by the composition root. */
public record RestUseCases(
        RegisterImageUseCase registerImage,
        PublishExternalFirmwareUseCase publishExternalFirmware,
        ReviseImageUseCase reviseImage,
        QueryImagesUseCase queryImages,
        RemoveImageUseCase removeImage,
        AttachBinaryUseCase attachBinary,
        DetachBinaryUseCase detachBinary,
        DownloadBinaryUseCase downloadBinary,
        CheckForUpdateUseCase checkForUpdate,
        ManageBundlesUseCase manageBundles,
        QueryBundlesUseCase queryBundles,
        ReportFirmwareInfoUseCase reportFirmwareInfo,
        ManageProjectsUseCase manageProjects,
        ManageFirmwareTypesUseCase manageFirmwareTypes,
        QueryAuditLogUseCase queryAuditLog,
        RegisterDeviceUseCase registerDevice,
        ManageDevicesUseCase manageDevices,
        AuthenticateUseCase authenticate,
        ManageApiKeysUseCase manageApiKeys,
        DeployDeviceFirmwareUseCase deployDeviceFirmware,
        QueryDeviceOtaUseCase queryDeviceOta,
        DownloadDeviceFirmwareUseCase downloadDeviceFirmware,
        CheckHealthUseCase checkHealth,
        DeviceCheckInUseCase deviceCheckIn,
        QueryDeviceUpdatesUseCase queryDeviceUpdates,
        BinaryIntegrityUseCase binaryIntegrity) {

    public RestUseCases {
        Objects.requireNonNull(registerImage, "registerImage");
        Objects.requireNonNull(publishExternalFirmware, "publishExternalFirmware");
        Objects.requireNonNull(reviseImage, "reviseImage");
        Objects.requireNonNull(queryImages, "queryImages");
        Objects.requireNonNull(removeImage, "removeImage");
        Objects.requireNonNull(attachBinary, "attachBinary");
        Objects.requireNonNull(detachBinary, "detachBinary");
        Objects.requireNonNull(downloadBinary, "downloadBinary");
        Objects.requireNonNull(checkForUpdate, "checkForUpdate");
        Objects.requireNonNull(manageBundles, "manageBundles");
        Objects.requireNonNull(queryBundles, "queryBundles");
        Objects.requireNonNull(reportFirmwareInfo, "reportFirmwareInfo");
        Objects.requireNonNull(manageProjects, "manageProjects");
        Objects.requireNonNull(manageFirmwareTypes, "manageFirmwareTypes");
        Objects.requireNonNull(queryAuditLog, "queryAuditLog");
        Objects.requireNonNull(registerDevice, "registerDevice");
        Objects.requireNonNull(manageDevices, "manageDevices");
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(manageApiKeys, "manageApiKeys");
        Objects.requireNonNull(deployDeviceFirmware, "deployDeviceFirmware");
        Objects.requireNonNull(queryDeviceOta, "queryDeviceOta");
        Objects.requireNonNull(downloadDeviceFirmware, "downloadDeviceFirmware");
        Objects.requireNonNull(checkHealth, "checkHealth");
        Objects.requireNonNull(deviceCheckIn, "deviceCheckIn");
        Objects.requireNonNull(queryDeviceUpdates, "queryDeviceUpdates");
        Objects.requireNonNull(binaryIntegrity, "binaryIntegrity");
    }
}
