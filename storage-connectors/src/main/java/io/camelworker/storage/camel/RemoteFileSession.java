package io.camelworker.storage.camel;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.commons.net.ftp.FTPFile;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * One connection of a remote file endpoint's own operations (camel-ftp's {@link RemoteFileOperations}: FTP, FTPS,
 * SFTP), through which a file is looked up, read and removed by a path given as a plain string argument: no consumer
 * is built for it, so no name of a request becomes an endpoint option (as {@code fileName} would, which Camel reads
 * for property placeholders and the file language). The endpoint is the deployment's, created once.
 *
 * <p>camel-ftp is an optional dependency of this module: a deployment adds it (to the build, or as jars on the
 * worker's {@code loader.path}). This class is loaded only once an ftp, ftps or sftp endpoint is used, and the
 * start-up has checked by then that the component is there.
 */
final class RemoteFileSession implements Closeable {

    private final RemoteFileEndpoint<?> endpoint;
    private final RemoteFileOperations<?> operations;

    private RemoteFileSession(RemoteFileEndpoint<?> endpoint, RemoteFileOperations<?> operations) {
        this.endpoint = endpoint;
        this.operations = operations;
    }

    /** Connects new operations of the endpoint to its server. */
    static RemoteFileSession connect(RemoteFileEndpoint<?> endpoint) throws IOException {
        RemoteFileOperations<?> operations;
        try {
            operations = endpoint.createRemoteFileOperations();
            operations.connect(endpoint.getConfiguration(), null);
        } catch (Exception e) {
            throw new IOException("cannot connect: " + e.getMessage(), e);
        }
        return new RemoteFileSession(endpoint, operations);
    }

    /** The server's path of a path below the endpoint's directory, as the endpoint's producer builds it. */
    String serverPath(String path) {
        String directory = endpoint.getConfiguration().getDirectory();
        return directory.isEmpty() ? path : directory + (directory.endsWith("/") ? "" : "/") + path;
    }

    /** Whether the file exists (an absent directory included: it holds no file). */
    boolean exists(String path) throws IOException {
        try {
            return operations.existsFile(serverPath(path));
        } catch (GenericFileOperationFailedException e) {
            throw new IOException("looking up the file failed: " + e.getMessage(), e);
        }
    }

    /** The size the server lists for the file, or -1 when its listing does not tell it. */
    long size(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        try {
            for (Object entry : operations.listFiles(serverPath(path))) {
                // SFTP lists camel-ftp's SftpRemoteFile, FTP and FTPS commons-net's FTPFile
                if (entry instanceof SftpRemoteFile<?> file && name.equals(lastSegment(file.getFilename()))
                        && file.getFileLength() >= 0) {
                    return file.getFileLength();
                }
                if (entry instanceof FTPFile file && name.equals(lastSegment(file.getName())) && file.getSize() >= 0) {
                    return file.getSize();
                }
            }
        } catch (GenericFileOperationFailedException e) {
            // the size is only a hint; the read says whether the file can be read
        }
        return -1;
    }

    /** Opens the file's content, streamed from the server; {@link #release} ends the transfer. */
    InputStream retrieve(String path, Exchange exchange) throws IOException {
        GenericFile<?> file = operations.newGenericFile();
        exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, file);
        try {
            operations.retrieveFile(serverPath(path), exchange, -1);
        } catch (GenericFileOperationFailedException e) {
            throw new IOException("reading the file failed: " + e.getMessage(), e);
        }
        if (!(file.getBody() instanceof InputStream content)) {
            throw new IOException("the server did not deliver the file");
        }
        return content;
    }

    /** Ends a retrieval: closes its stream and completes the server's transfer. */
    void release(Exchange exchange) throws IOException {
        try {
            operations.releaseRetrievedFileResources(exchange);
        } catch (GenericFileOperationFailedException e) {
            throw new IOException("ending the read failed: " + e.getMessage(), e);
        }
    }

    void delete(String path) throws IOException {
        try {
            operations.deleteFile(serverPath(path));
        } catch (GenericFileOperationFailedException e) {
            throw new IOException("deleting the file failed: " + e.getMessage(), e);
        }
    }

    RemoteFileEndpoint<?> endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            operations.disconnect();
        } catch (RuntimeException e) {
            // the connection is gone already
        }
    }

    private static String lastSegment(String path) {
        return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }
}
