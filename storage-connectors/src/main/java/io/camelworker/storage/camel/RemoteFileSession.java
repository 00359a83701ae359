package io.camelworker.storage.camel;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileOperations;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One connection of a remote file endpoint's own operations (camel-ftp's {@code RemoteFileOperations}: FTP, FTPS,
 * SFTP), through which a file is looked up, read and removed by a path given as a plain string argument: no consumer
 * is built for it, so no name of a request becomes an endpoint option (as {@code fileName} would, which Camel reads
 * for property placeholders and the file language). The endpoint is the deployment's, created once.
 *
 * <p>{@code connect} and {@code disconnect} are declared by camel-ftp, which is not a compile dependency of the worker
 * (a deployment adds it): they are found by name; everything else is camel-file's {@link GenericFileOperations}.
 */
final class RemoteFileSession implements Closeable {

    private final GenericFileEndpoint<Object> endpoint;
    private final GenericFileOperations<Object> operations;

    private RemoteFileSession(GenericFileEndpoint<Object> endpoint, GenericFileOperations<Object> operations) {
        this.endpoint = endpoint;
        this.operations = operations;
    }

    /** Connects new operations of the endpoint to its server. */
    @SuppressWarnings("unchecked")
    static RemoteFileSession connect(GenericFileEndpoint<?> endpoint) throws IOException {
        GenericFileOperations<Object> operations;
        try {
            operations = (GenericFileOperations<Object>) endpoint.getClass().getMethod("createRemoteFileOperations")
                    .invoke(endpoint);
            Method connect = method(operations, "connect", 2);
            connect.invoke(operations, endpoint.getConfiguration(), null);
        } catch (InvocationTargetException e) {
            throw new IOException("cannot connect: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("endpoint " + endpoint.getEndpointBaseUri() + " is not a camel-ftp remote "
                    + "file endpoint", e);
        }
        return new RemoteFileSession((GenericFileEndpoint<Object>) endpoint, operations);
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
                // camel-ftp's SftpRemoteFile or commons-net's FTPFile
                Object listed = call(entry, "getFilename", "getName");
                Object length = call(entry, "getFileLength", "getSize");
                if (listed != null && name.equals(listed.toString().substring(listed.toString().lastIndexOf('/') + 1))
                        && length instanceof Long size && size >= 0) {
                    return size;
                }
            }
        } catch (GenericFileOperationFailedException e) {
            // the size is only a hint; the read says whether the file can be read
        }
        return -1;
    }

    /** Opens the file's content, streamed from the server; {@link #release} ends the transfer. */
    InputStream retrieve(String path, Exchange exchange) throws IOException {
        GenericFile<Object> file = operations.newGenericFile();
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

    GenericFileEndpoint<Object> endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            method(operations, "disconnect", 0).invoke(operations);
        } catch (ReflectiveOperationException e) {
            // the connection is gone already
        }
    }

    private static Method method(Object target, String name, int parameters) throws NoSuchMethodException {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == parameters) {
                return method;
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }

    /** The first of these no-argument methods the object has, called; null when it has none. */
    private static Object call(Object target, String... names) {
        for (String name : names) {
            try {
                return target.getClass().getMethod(name).invoke(target);
            } catch (ReflectiveOperationException e) {
                // try the next name
            }
        }
        return null;
    }
}
