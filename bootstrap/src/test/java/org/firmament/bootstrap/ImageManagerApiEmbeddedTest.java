package org.firmament.bootstrap;

import java.util.Map;

/** The Image Manager API on the embedded default: H2 in a file and binaries on the local file system. */
class ImageManagerApiEmbeddedTest extends ImageManagerApiContract {

    @Override
    Map<String, String> deploymentSettings() {
        return Map.of();
    }
}
