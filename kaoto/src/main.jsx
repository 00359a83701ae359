// Kaoto's editor (its canvas, configuration form and step catalog, from @kaoto/kaoto 2.7.1) showing
// routes/storage-worker.camel.yaml with the catalog that generate-catalog.mjs wrote to public/catalog.
//
// The page composes Kaoto's providers as Kaoto's own App and DesignPage do, rather than using RouteVisualization, the
// package's embedding component: in 2.7.1 RouteVisualization re-shows its flows in an effect that depends on the flows it
// changes, so the canvas redraws without end and a click on a step never opens its form (fixed in later Kaoto versions).
// The providers come from '@kaoto/kaoto/testing', the entry point that exports them.
import '@patternfly/react-core/dist/styles/base.css'; // first, as in Kaoto's own entry point
import { SuggestionRegistryProvider } from '@kaoto/forms';
import {
  ActionConfirmationModalContextProvider,
  CatalogLoaderProvider,
  CatalogModalProvider,
  CatalogTilesProvider,
  ControllerService,
  EntitiesContext,
  EntitiesProvider,
  EventNotifier,
  ReloadProvider,
  RuntimeProvider,
  SchemasLoaderProvider,
  VisibleFlowsContext,
  VisibleFlowsProvider,
  Visualization,
} from '@kaoto/kaoto/testing';
import { VisualizationProvider } from '@patternfly/react-topology';
import { useContext, useEffect, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import route from '../../routes/storage-worker.camel.yaml?raw';

const CATALOG_LIBRARY_URL = new URL('catalog/index.json', document.baseURI).href;

// Kaoto 2.7 opens the catalog of the library that its runtime selector last stored in localStorage ("selectedCatalog"),
// and otherwise only a Red Hat Camel Main one; this library has a single catalog, so the page selects it, as a user would.
const library = await (await fetch(CATALOG_LIBRARY_URL)).json();
localStorage.setItem('selectedCatalog', JSON.stringify(library.definitions[0]));

/** The canvas of every flow of the file, shown once. */
function AllFlows() {
  const { visualFlowsApi } = useContext(VisibleFlowsContext);
  const visualEntities = useContext(EntitiesContext)?.visualEntities ?? [];
  useEffect(() => {
    visualFlowsApi.showFlows();
  }, [visualFlowsApi]);
  return <Visualization className="canvas-page" entities={visualEntities} />;
}

function StorageWorkerInKaoto() {
  const controller = useMemo(() => ControllerService.createController(), []);
  // The entities provider reads the file from this event, as RouteVisualization and the VS Code extension feed it.
  useEffect(() => {
    EventNotifier.getInstance().next('code:updated', { code: route });
  }, []);
  return (
    <EntitiesProvider>
      <ReloadProvider>
        <RuntimeProvider catalogUrl={CATALOG_LIBRARY_URL}>
          <SchemasLoaderProvider>
            <CatalogLoaderProvider>
              <CatalogTilesProvider>
                <VisualizationProvider controller={controller}>
                  <VisibleFlowsProvider>
                    <SuggestionRegistryProvider>
                      <CatalogModalProvider>
                        <ActionConfirmationModalContextProvider>
                          <div style={{ height: '100vh' }}>
                            <AllFlows />
                          </div>
                        </ActionConfirmationModalContextProvider>
                      </CatalogModalProvider>
                    </SuggestionRegistryProvider>
                  </VisibleFlowsProvider>
                </VisualizationProvider>
              </CatalogTilesProvider>
            </CatalogLoaderProvider>
          </SchemasLoaderProvider>
        </RuntimeProvider>
      </ReloadProvider>
    </EntitiesProvider>
  );
}

// No StrictMode, as in Kaoto's own entry point.
createRoot(document.getElementById('root')).render(<StorageWorkerInKaoto />);
