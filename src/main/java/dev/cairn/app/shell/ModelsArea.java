package dev.cairn.app.shell;

import dev.cairn.app.core.AppContext;
import dev.cairn.app.core.AppEvents;
import dev.cairn.app.download.DownloadView;
import dev.cairn.app.download.DownloadViewModel;
import dev.cairn.app.models.ModelWizardView;
import dev.cairn.app.models.ModelWizardViewModel;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The Models area: the loading wizard and the Download view as tabs; a model asked to load brings the wizard forward. */
public final class ModelsArea extends TabPane {

    public ModelsArea(AppContext app) {
        setId("models-area");
        Tab load = new Tab("Load", new ModelWizardView(new ModelWizardViewModel(app)));
        load.setId("models-tab-load");
        Tab download = new Tab("Download", new DownloadView(new DownloadViewModel(app)));
        download.setId("models-tab-download");
        for (Tab tab : new Tab[] {load, download}) {
            tab.setClosable(false);
        }
        getTabs().addAll(load, download);
        app.events().subscribe(AppEvents.LoadModel.class, request -> getSelectionModel().select(load));
    }
}
