package io.camelworker.testing;

import java.io.IOException;
import java.nio.file.Path;

/** A file server the tests run in process (SFTP, FTP): its files are those of a local root directory. */
public interface InProcessFileServer extends AutoCloseable {

    /** The password of the server's one user, random per server. */
    String password();

    /** The directory the server's path {@code /} maps to. */
    Path root();

    /** {@code <scheme>://127.0.0.1:<port>/<path>}, as requests name files of this server. */
    String url(String path);

    /** The Camel endpoint URI of a directory of this server, the password as placeholder {@code {{passwordProperty}}}. */
    String camelUri(String directory, String passwordProperty);

    /** Stops the server and removes its files. */
    @Override
    void close() throws IOException;
}
