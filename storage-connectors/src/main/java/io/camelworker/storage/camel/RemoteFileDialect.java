package io.camelworker.storage.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The remote file components of camel-ftp ({@code ftp}, {@code ftps}, {@code sftp}). A write goes to this attempt's
 * temporary name in {@value #PARTIAL_DIRECTORY}/ of the target directory (the producer's {@code tempFileName}), renamed
 * to the final name by the producer only once the content ended normally. A file is read, and an aborted write's
 * temporary file removed, through the endpoint's own operations ({@link RemoteFileSession}), its path an argument.
 *
 * <p>Request names reach the component as data only. A write's path is the {@code CamelFileName} header, which the
 * producer takes as a plain string: {@code GenericFileProducer#createFileName} evaluates an expression only when the
 * endpoint has a {@code fileName} option or the header holds an {@code Expression} object, never a header's text
 * (CAMEL-6748 removed that). The temporary name holds no request text at all.
 */
final class RemoteFileDialect extends ComponentDialect {

    /** Header holding the temporary name of a write; the producer's {@code tempFileName} expression reads it. */
    static final String TEMPORARY_NAME = "CamelWorkerTemporaryName";

    /**
     * Hidden directory, next to the final file, of the writes under way: the remote file consumers skip hidden
     * entries (so a hidden temporary name could not be removed through Camel), not the files of a hidden directory.
     */
    static final String PARTIAL_DIRECTORY = ".partial";

    /** Options of the endpoint files are read through: content streamed from the server, one command per full path. */
    private static final String READ_OPTIONS = "streamDownload=true&stepwise=false";

    private final String scheme;

    RemoteFileDialect(String scheme) {
        this.scheme = scheme;
    }

    @Override
    String scheme() {
        return scheme;
    }

    /**
     * The temporary name comes from a header (RAW: the expression is the producer's, fixed here, not a placeholder);
     * the final file is not deleted before the new one is complete ({@code eagerDeleteTargetFile=false}).
     */
    @Override
    String producerUri(String declaredUri) {
        return withOptions(declaredUri, "tempFileName=RAW(${header." + TEMPORARY_NAME + "})&eagerDeleteTargetFile=false");
    }

    /**
     * JSch (sftp) reads '*' and '?' of a path as a pattern ({@code ChannelSftp#glob_remote}), and FTP servers those of
     * a LIST or NLST argument, which the producer sends to find an existing file: a name with them could stand for
     * another file. FTP is a protocol of lines: a name cannot hold a line break.
     */
    @Override
    String unnameable(String segment) {
        if (segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0) {
            return "has '*' or '?', which " + scheme + " clients and servers read as a pattern";
        }
        if (!scheme.equals("sftp") && (segment.indexOf('\r') >= 0 || segment.indexOf('\n') >= 0)) {
            return "has a line break, which " + scheme + " cannot name";
        }
        return null;
    }

    @Override
    void prepareWrite(Message message, String path, String temporaryName, long size, String checksum,
                      String algorithm) {
        message.setHeader(Exchange.FILE_NAME, path);
        message.setHeader(TEMPORARY_NAME, PARTIAL_DIRECTORY + "/" + temporaryName);
    }

    @Override
    String temporaryPath(String path, String temporaryName) {
        int slash = path.lastIndexOf('/');
        return (slash < 0 ? "" : path.substring(0, slash + 1)) + PARTIAL_DIRECTORY + "/" + temporaryName;
    }

    @Override
    StoredFile open(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException {
        RemoteFileSession session = RemoteFileSession.connect(readEndpoint(context, declaredUri, timeout));
        try {
            if (!session.exists(path)) {
                session.close();
                return null;
            }
            long size = session.size(path);
            Exchange exchange = session.endpoint().createExchange();
            InputStream content = session.retrieve(path, exchange);
            return new StoredFile(content, size, null, () -> {
                try {
                    session.release(exchange);
                } finally {
                    session.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    void remove(CamelContext context, String declaredUri, String path, Duration timeout) throws IOException {
        try (RemoteFileSession session = RemoteFileSession.connect(readEndpoint(context, declaredUri, timeout))) {
            if (session.exists(path)) {
                session.delete(path);
            }
        }
    }

    /**
     * The endpoint of reads, built from the deployment's URI only (the context keeps it: one per declared endpoint);
     * a silent server is given up after the read timeout, unless the URI sets its own {@code soTimeout}.
     */
    private static RemoteFileEndpoint<?> readEndpoint(CamelContext context, String declaredUri, Duration timeout) {
        String options = declaredUri.contains("soTimeout=") ? READ_OPTIONS
                : READ_OPTIONS + "&soTimeout=" + timeout.toMillis();
        return (RemoteFileEndpoint<?>) context.getEndpoint(withOptions(declaredUri, options));
    }
}
