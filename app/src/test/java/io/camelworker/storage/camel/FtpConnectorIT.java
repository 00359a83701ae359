package io.camelworker.storage.camel;

import io.camelworker.fixtures.InProcessFtp;
import io.camelworker.fixtures.InProcessFileServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The FTP connector (camel-ftp's ftp component) against an in-process Apache FtpServer. */
class FtpConnectorIT extends RemoteFileConnectorContract {

    static InProcessFtp ftp;

    @BeforeAll
    static void startServer() throws Exception {
        ftp = InProcessFtp.start();
        createDirectory(ftp);
    }

    @AfterAll
    static void stopServer() throws Exception {
        ftp.close();
    }

    @Override
    InProcessFileServer server() {
        return ftp;
    }
}
