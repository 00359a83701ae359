package io.camelworker.storage.camel;

import io.camelworker.fixtures.InProcessSftp;
import io.camelworker.fixtures.InProcessFileServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SFTP connector (camel-ftp's sftp component) against an in-process MINA SSHD server. */
class SftpConnectorIT extends RemoteFileConnectorContract {

    static InProcessSftp sftp;

    @BeforeAll
    static void startServer() throws Exception {
        sftp = InProcessSftp.start();
        createDirectory(sftp);
    }

    @AfterAll
    static void stopServer() throws Exception {
        sftp.close();
    }

    @Override
    InProcessFileServer server() {
        return sftp;
    }
}
