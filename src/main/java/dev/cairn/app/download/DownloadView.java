package dev.cairn.app.download;

import dev.cairn.download.DownloadQueue;
import dev.cairn.download.Fit;
import dev.cairn.download.HubModel;
import dev.cairn.runtime.Bytes;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Search the Hub, a repository's models with their fit on this machine beside each, and the queue of
 * downloads with their progress, Pause, Resume, Cancel and Load.
 */
public final class DownloadView extends BorderPane {

    private final DownloadViewModel model;
    private final VBox files = new VBox(6);
    private final VBox queue = new VBox(10);

    public DownloadView(DownloadViewModel model) {
        this.model = model;
        setId("download-view");
        setPadding(new Insets(16, 24, 16, 24));
        setTop(searchBar());
        SplitPane middle = new SplitPane(results(), repository());
        middle.setDividerPositions(0.35);
        middle.setOrientation(Orientation.HORIZONTAL);
        setCenter(middle);
        BorderPane.setMargin(middle, new Insets(12, 0, 12, 0));
        setBottom(queuePane());
        model.files().addListener((ListChangeListener<FileRow>) c -> showFiles());
        model.downloads().addListener((ListChangeListener<DownloadItem>) c -> showQueue());
        showFiles();
        showQueue();
    }

    private Node searchBar() {
        Label title = new Label("Download a model");
        title.getStyleClass().add("title-2");
        TextField query = new TextField();
        query.setId("download-query");
        query.setPromptText("Search the Hugging Face Hub, or owner/name, or a URL of a .gguf file");
        query.textProperty().bindBidirectional(model.queryProperty());
        query.setOnAction(e -> model.search());
        HBox.setHgrow(query, Priority.ALWAYS);
        Button search = new Button("Search");
        search.setId("download-search");
        search.getStyleClass().add("accent");
        search.setOnAction(e -> model.search());
        Label message = new Label();
        message.setId("download-message");
        message.setWrapText(true);
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(model.messageProperty());
        return new VBox(10, title, new HBox(8, query, search), message);
    }

    private Node results() {
        ListView<HubModel> list = new ListView<>(model.results());
        list.setId("download-results");
        list.setPlaceholder(new Label("Search results appear here."));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(HubModel item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.id() + "\n" + String.format(Locale.ROOT, "%,d downloads · %,d likes", item.downloads(),
                        item.likes()) + item.lastModified().map(t -> " · " + t.atOffset(ZoneOffset.UTC).toLocalDate()).orElse("")
                        + (item.gated() ? " · gated: needs an access token" : ""));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.open(now.id());
            }
        });
        return list;
    }

    private Node repository() {
        Label name = new Label();
        name.setId("download-repository");
        name.getStyleClass().add("title-4");
        name.textProperty().bind(Bindings.when(model.repositoryProperty().isEmpty()).then("Choose a repository")
                .otherwise(model.repositoryProperty()));
        ScrollPane scroll = new ScrollPane(files);
        scroll.setFitToWidth(true);
        files.setId("download-files");
        files.setPadding(new Insets(4));
        VBox box = new VBox(8, name, scroll);
        box.setPadding(new Insets(0, 0, 0, 12));
        VBox.setVgrow(scroll, Priority.ALWAYS);
        return box;
    }

    private void showFiles() {
        files.getChildren().setAll(model.files().stream().map(this::fileRow).toList());
    }

    private Node fileRow(FileRow row) {
        Label name = new Label(row.model().name());
        name.getStyleClass().add("file-name");
        Label size = new Label(row.model().size() < 0 ? "size unknown" : Bytes.format(row.model().size()));
        size.getStyleClass().add("text-muted");
        Label quantization = new Label(row.model().quantization().map(Object::toString).orElse(""));
        quantization.getStyleClass().add("text-muted");
        Label fit = new Label(row.fit().label());
        fit.getStyleClass().addAll("fit-label", fitStyle(row.fit()));
        fit.setTooltip(new Tooltip(row.fit().detail()));
        Button download = new Button("Download");
        download.getStyleClass().add("file-download");
        download.setDisable(!row.downloadable());
        download.setOnAction(e -> model.download(row));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox line = new HBox(10, name, size, quantization, spring, fit, download);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("download-file");
        return line;
    }

    private static String fitStyle(Fit fit) {
        return switch (fit.verdict()) {
            case RESIDENT -> "success";
            case STREAMS, UNKNOWN -> "warning";
            case TOO_BIG, NO_DISK_SPACE, NOT_RUNNABLE -> "danger";
        };
    }

    private Node queuePane() {
        Label title = new Label("Downloads");
        title.getStyleClass().add("title-4");
        Button clear = new Button("Clear finished");
        clear.setId("download-clear");
        clear.setOnAction(e -> model.clearFinished());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox header = new HBox(8, title, spring, clear);
        header.setAlignment(Pos.CENTER_LEFT);
        queue.setId("download-queue");
        ScrollPane scroll = new ScrollPane(queue);
        scroll.setFitToWidth(true);
        scroll.setPrefHeight(220);
        return new VBox(8, header, scroll);
    }

    private void showQueue() {
        queue.getChildren().setAll(model.downloads().stream().map(this::queueRow).toList());
        if (model.downloads().isEmpty()) {
            queue.getChildren().add(new Label("Downloads appear here; they go on after a restart of the app."));
        }
    }

    private Node queueRow(DownloadItem item) {
        Label name = new Label(item.name());
        name.getStyleClass().addAll("item-name", "text-bold");
        Label state = new Label();
        state.getStyleClass().addAll("item-state", "text-muted");
        state.textProperty().bind(Bindings.createStringBinding(() -> item.stateProperty().get().name().toLowerCase(Locale.ROOT),
                item.stateProperty()));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox top = new HBox(10, name, state, spring,
                action(item, "Pause", "item-pause", EnumSet.of(DownloadQueue.State.QUEUED, DownloadQueue.State.RUNNING), item::pause),
                action(item, "Resume", "item-resume", EnumSet.of(DownloadQueue.State.PAUSED, DownloadQueue.State.FAILED), item::resume),
                action(item, "Cancel", "item-cancel", EnumSet.of(DownloadQueue.State.QUEUED, DownloadQueue.State.RUNNING,
                        DownloadQueue.State.PAUSED, DownloadQueue.State.FAILED), item::cancel),
                action(item, "Load", "item-load", EnumSet.of(DownloadQueue.State.DONE), () -> model.load(item)));
        top.setAlignment(Pos.CENTER_LEFT);
        ProgressBar bar = new ProgressBar();
        bar.getStyleClass().add("item-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(item.progressProperty());
        VBox row = new VBox(4, top, bar, text(item.progressTextProperty(), "item-progress-text"), text(item.fitProperty(), "item-fit"),
                text(item.headerProperty(), "item-header"), text(item.messageProperty(), "item-message"));
        row.getStyleClass().add("download-item");
        return row;
    }

    private static Button action(DownloadItem item, String label, String style, Set<DownloadQueue.State> when, Runnable action) {
        Button button = new Button(label);
        button.getStyleClass().add(style);
        button.visibleProperty().bind(Bindings.createBooleanBinding(() -> when.contains(item.stateProperty().get()), item.stateProperty()));
        button.managedProperty().bind(button.visibleProperty());
        button.setOnAction(e -> action.run());
        return button;
    }

    private static Label text(javafx.beans.value.ObservableStringValue value, String style) {
        Label label = new Label();
        label.getStyleClass().addAll(style, "text-small");
        label.setWrapText(true);
        label.textProperty().bind(value);
        label.visibleProperty().bind(Bindings.isNotEmpty(value));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
