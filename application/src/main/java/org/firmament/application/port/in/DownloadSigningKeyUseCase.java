package org.firmament.application.port.in;

/** Use case: the key that signs download links, configured or generated once per database. */
public interface DownloadSigningKeyUseCase {

    /**
     * The key every instance sharing the database signs and checks download links with: the
     * configured one, else the one generated at the first start of any instance, generating and
     * keeping it now when there is none yet.
     */
    String signingKey();
}
