package io.camelworker.storage.camel;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.fixtures.Azurite;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Azure Blob connector (camel-azure-storage-blob) against Azurite, started by the test. */
class AzureBlobConnectorIT extends CamelEndpointConnectorContract {

    static Azurite azurite;
    static BlobServiceClient client;
    static BlobContainerClient container;

    @BeforeAll
    static void startAzurite() {
        azurite = Azurite.start();
        client = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
        container = client.createBlobContainerIfNotExists("archive");
    }

    @AfterAll
    static void stopAzurite() {
        azurite.close();
    }

    @Override
    CamelEndpointsProperties.Endpoint declare(CamelContext camel) {
        // The component builds its client from account and key for Azure itself; Azurite's address needs a client.
        camel.getRegistry().bind("azurite", client);
        CamelEndpointsProperties.Endpoint endpoint = new CamelEndpointsProperties.Endpoint();
        endpoint.setName("archive");
        endpoint.setUrl(URI.create(declaredUrl()));
        endpoint.setUri("azure-storage-blob://" + Azurite.ACCOUNT + "/archive?serviceClient=#azurite");
        return endpoint;
    }

    @Override
    String declaredUrl() {
        return azurite.blobEndpoint() + "/archive/";
    }

    @Override
    List<String> namesIn(String directory) {
        return container.listBlobs(new ListBlobsOptions().setPrefix(directory), null).stream()
                .map(BlobItem::getName).map(name -> name.substring(directory.length()))
                .filter(name -> !name.contains("/")).sorted().toList();
    }

    /** A Put Blob commits with its last byte: there is no temporary blob; uncommitted blocks do not count either. */
    @Override
    List<String> leftovers(String directory) {
        return container.listBlobs(new ListBlobsOptions().setPrefix(directory)
                        .setDetails(new com.azure.storage.blob.models.BlobListDetails().setRetrieveUncommittedBlobs(true)),
                null).stream().map(BlobItem::getName).filter(name -> name.contains(".part")).toList();
    }

    @Override
    byte[] contentOf(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        container.getBlobClient(path).downloadStream(out);
        return out.toByteArray();
    }

    @Override
    void put(String path, byte[] content) {
        container.getBlobClient(path).upload(new ByteArrayInputStream(content), content.length, true);
    }

    @Test
    void theExpectedMd5IsKeptWithTheBlobAsItsContentMd5() throws Exception {
        byte[] content = random(SIZE);
        transfer.transfer("url", writeSource(content), null,
                destinations.open("directory", URI.create(declaredUrl() + directory), "f.bin"), "MD5", md5(content),
                new RequestCancellation());

        assertThat(container.getBlobClient(directory + "f.bin").getProperties().getContentMd5())
                .isEqualTo(java.util.HexFormat.of().parseHex(md5(content)));
    }

    /** The client bean that docs/storage-backends.md declares in a route file for Azurite. */
    @Test
    void theDocumentedBeansDeclarationBuildsAClientForAzurite() throws Exception {
        try (CamelContext routes = new org.apache.camel.impl.DefaultCamelContext()) {
            routes.getPropertiesComponent().addInitialProperty("azure.connection-string", azurite.connectionString());
            org.apache.camel.support.PluginHelper.getRoutesLoader(routes).loadRoutes(
                    org.apache.camel.support.ResourceHelper.fromString("azurite.camel.yaml", """
                            - beans:
                                - name: azurite
                                  type: com.azure.storage.blob.BlobServiceClient
                                  builderClass: com.azure.storage.blob.BlobServiceClientBuilder
                                  builderMethod: buildClient
                                  properties:
                                    connectionString: "{{azure.connection-string}}"
                            """));
            BlobServiceClient declared = routes.getRegistry().lookupByNameAndType("azurite", BlobServiceClient.class);

            assertThat(declared.getBlobContainerClient("archive").exists()).isTrue();
        }
    }

    private String writeSource(byte[] content) throws Exception {
        return java.nio.file.Files.write(local.resolve("source.bin"), content).toUri().toString();
    }
}
