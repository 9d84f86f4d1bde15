<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
  <context>
    <name>Canvas</name>
    <message>
      <location filename="../../nnstudio/ui/layer_clipboard.py" line="74" />
      <source>Nothing to paste: copy layers first.</source>
      <translation>Nichts einzufügen: zuerst Schichten kopieren.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/layer_clipboard.py" line="100" />
      <source>Paste {n} layer(s)</source>
      <translation>{n} Schicht(en) einfügen</translation>
    </message>
  </context>
  <context>
    <name>FigureExport</name>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="50" />
      <location filename="../../nnstudio/ui/figure_export.py" line="121" />
      <source>Export figure</source>
      <translation>Abbildung exportieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="57" />
      <source>PNG image</source>
      <translation>PNG-Bild</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="57" />
      <source>SVG drawing (vector)</source>
      <translation>SVG-Zeichnung (Vektor)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="58" />
      <source>PDF document (vector)</source>
      <translation>PDF-Dokument (Vektor)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="62" />
      <source>Browse…</source>
      <translation>Durchsuchen…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="73" />
      <source>Keep the on-screen proportions</source>
      <translation>Seitenverhältnis des Bildschirms beibehalten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="79" />
      <source>Resolution stored in the PNG (how large it prints)</source>
      <translation>Im PNG gespeicherte Auflösung (Druckgröße)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="86" />
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="87" />
      <source>File</source>
      <translation>Datei</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="88" />
      <source>Width</source>
      <translation>Breite</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="89" />
      <source>Height</source>
      <translation>Höhe</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="91" />
      <source>Resolution</source>
      <translation>Auflösung</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="92" />
      <source>On screen: {w} × {h} px. The default is twice that, for slides.</source>
      <translation>Auf dem Bildschirm: {w} × {h} px. Voreingestellt ist das Doppelte, für Folien.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="151" />
      <source>Export</source>
      <translation>Exportieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="152" />
      <source>Image (PNG)…</source>
      <translation>Bild (PNG)…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="152" />
      <source>Vector drawing (SVG)…</source>
      <translation>Vektorzeichnung (SVG)…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="153" />
      <source>PDF…</source>
      <translation>PDF…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="155" />
      <source>Copy image</source>
      <translation>Bild kopieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="172" />
      <location filename="../../nnstudio/ui/figure_export.py" line="198" />
      <source>Cannot export</source>
      <translation>Export nicht möglich</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="186" />
      <source>Copied a {w} × {h} image</source>
      <translation>Bild mit {w} × {h} Pixeln kopiert</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="231" />
      <source>no data yet</source>
      <translation>noch keine Daten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="237" />
      <source>no decision surface yet</source>
      <translation>noch keine Entscheidungsfläche</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="244" />
      <source>Data points as CSV…</source>
      <translation>Datenpunkte als CSV…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="245" />
      <source>Decision surface as CSV…</source>
      <translation>Entscheidungsfläche als CSV…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="247" />
      <source>Loss curves as CSV…</source>
      <translation>Verlustkurven als CSV…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="275" />
      <source>this plot has no curves to save</source>
      <translation>dieses Diagramm hat keine Kurven zum Speichern</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/figure_export.py" line="318" />
      <source>Data as CSV…</source>
      <translation>Daten als CSV…</translation>
    </message>
  </context>
  <context>
    <name>Help</name>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="24" />
      <source>Network canvas</source>
      <translation>Netz-Arbeitsfläche</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="25" />
      <source>The network you design. Each card is a layer; its circles are neurons. Drag a layer from the palette to add it, drag from a layer's output port (right) to another layer to connect them, Delete removes the selection, Ctrl+C / Ctrl+V copy layers. While training, a connection's colour is the sign of its weight (blue positive, orange negative) and its thickness the size |w|. A red badge names what keeps the network from training.</source>
      <translation>Das Netz, das Sie entwerfen. Jede Karte ist eine Schicht, ihre Kreise sind Neuronen. Ziehen Sie eine Schicht aus der Palette, um sie hinzuzufügen; ziehen Sie vom Ausgang einer Schicht (rechts) zu einer anderen Schicht, um sie zu verbinden. Entf löscht die Auswahl, Strg+C / Strg+V kopieren Schichten. Während des Trainings zeigt die Farbe einer Verbindung das Vorzeichen ihres Gewichts (blau positiv, orange negativ) und ihre Dicke den Betrag |w|. Ein rotes Abzeichen nennt, was das Training verhindert.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="31" />
      <source>Data and decision surface</source>
      <translation>Daten und Entscheidungsfläche</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="32" />
      <source>The training points (filled) and test points (rings), coloured by class. Behind them the network's output over the input plane: for two classes the probability of class 1, from orange (0) through white (0.5) to blue (1), with fixed levels so colours mean the same at every step. The boundary between the colours is the decision boundary the network has learned.</source>
      <translation>Die Trainingspunkte (gefüllt) und Testpunkte (Ringe), nach Klasse gefärbt. Dahinter die Ausgabe des Netzes über der Eingabeebene: bei zwei Klassen die Wahrscheinlichkeit der Klasse 1, von Orange (0) über Weiß (0,5) bis Blau (1), mit festen Stufen, damit die Farben in jedem Schritt dasselbe bedeuten. Die Grenze zwischen den Farben ist die gelernte Entscheidungsgrenze.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="37" />
      <source>Loss curves</source>
      <translation>Verlustkurven</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="38" />
      <source>The cost C on the training data and on the held-out test data (the legend names each curve) against the number of training steps (one step = one mini-batch). Training loss falling while test loss rises is overfitting. Tick 'Log scale' to see small losses; the numbers above the plot are the latest values and accuracies.</source>
      <translation>Die Kosten C auf den Trainingsdaten und auf den zurückgehaltenen Testdaten (die Legende nennt jede Kurve) über der Zahl der Trainingsschritte (ein Schritt = ein Mini-Batch). Sinkt der Trainingsverlust, während der Testverlust steigt, ist das Überanpassung (Overfitting). 'Log scale' zeigt kleine Verluste; die Zahlen über dem Diagramm sind die neuesten Werte und Genauigkeiten.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="42" />
      <source>Layer palette and data</source>
      <translation>Schichtpalette und Daten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="43" />
      <source>The layer types you can use (drag one onto the canvas, or double-click it to add it where it fits) and the dataset's settings: which problem, how many points, how much noise, how many are held out for testing, and the data's seed.</source>
      <translation>Die verfügbaren Schichttypen (auf die Arbeitsfläche ziehen oder doppelklicken, um sie passend einzufügen) und die Einstellungen des Datensatzes: welches Problem, wie viele Punkte, wie viel Rauschen, wie viele für den Test zurückgehalten werden und der Seed der Daten.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="46" />
      <source>Inspector and training</source>
      <translation>Eigenschaften und Training</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="47" />
      <source>The selected layer's parameters (units, activation, initialization) and the training settings: learning rate η, batch size, optimizer, loss and L2 regularization. Changes apply at once and can be undone (Ctrl+Z). Settings a lesson fixes are greyed out.</source>
      <translation>Die Parameter der ausgewählten Schicht (Neuronen, Aktivierung, Initialisierung) und die Trainingseinstellungen: Lernrate η, Batch-Größe, Optimierer, Verlust und L2-Regularisierung. Änderungen wirken sofort und lassen sich rückgängig machen (Strg+Z). Von einer Lektion festgelegte Einstellungen sind ausgegraut.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="52" />
      <source>The open lesson's explanation: what to try, what to watch for, and the formula involved. File → Lessons opens another lesson.</source>
      <translation>Die Erklärung der geöffneten Lektion: was man ausprobieren kann, worauf man achten sollte und die zugehörige Formel. Datei → Lektionen öffnet eine andere Lektion.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="72" />
      <source>No description yet.</source>
      <translation>Noch keine Beschreibung.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="113" />
      <source>Canvas</source>
      <translation>Arbeitsfläche</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="113" />
      <source>Window</source>
      <translation>Fenster</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/help.py" line="139" />
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
  </context>
  <context>
    <name>Lessons</name>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="44" />
      <source>Try</source>
      <extracomment>for the translation tools (the keywords are translated at run time)</extracomment>
      <translation>Ausprobieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="44" />
      <source>Watch</source>
      <translation>Beobachten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="45" />
      <source>Formula</source>
      <translation>Formel</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="45" />
      <source>Formulas</source>
      <translation>Formeln</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="46" />
      <source>Why</source>
      <translation>Warum</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="46" />
      <source>Then</source>
      <translation>Dann</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="47" />
      <source>Next</source>
      <translation>Weiter</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="48" />
      <source>This lesson fixes:</source>
      <translation>Diese Lektion legt fest:</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="49" />
      <source>This project has no lesson text.</source>
      <translation>Dieses Projekt hat keinen Lektionstext.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="101" />
      <source>Open this lesson</source>
      <translation>Diese Lektion öffnen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="132" />
      <source>Welcome to nnstudio</source>
      <translation>Willkommen bei nnstudio</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="132" />
      <source>Lessons</source>
      <translation>Lektionen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="136" />
      <source>&lt;h2&gt;Lessons&lt;/h2&gt;From the perceptron to LSTMs: each lesson opens a ready network with a short explanation of what to try and what to watch.</source>
      <translation>&lt;h2&gt;Lektionen&lt;/h2&gt;Vom Perzeptron bis zum LSTM: Jede Lektion öffnet ein fertiges Netz mit einer kurzen Erklärung, was man ausprobieren und worauf man achten sollte.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="159" />
      <source>&lt;b&gt;Recent files&lt;/b&gt;</source>
      <translation>&lt;b&gt;Zuletzt geöffnet&lt;/b&gt;</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="168" />
      <source>New project</source>
      <translation>Neues Projekt</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="170" />
      <source>Open…</source>
      <translation>Öffnen…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="178" />
      <source>Show this at start-up</source>
      <translation>Beim Start anzeigen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="182" />
      <source>Close</source>
      <translation>Schließen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/lessons_ui.py" line="215" />
      <source>Fixed by this lesson (meta.locked in the lesson file).</source>
      <translation>Von dieser Lektion festgelegt (meta.locked in der Lektionsdatei).</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="145" />
      <source>Layers — drag onto the canvas</source>
      <extracomment>the rest (rule, optimizer, learning rate, schedule, clipping, L1/L2) is the OptimizerPanel while training runs, the optional panels (View menu) get a snapshot at most this often: the decision surface, the canvas and the loss plot get every one, but a panel's several plots cost more to paint than all three (measured with every panel open, docs/performance.md); when training stops, the panels get the last snapshot at once the size a panel asks for when its dock opens, by dock area: a panel's own wish (an activations gallery asked for 1812 × 1990) would squeeze the canvas and the plots below this height a panel scrolls (by area): a bottom panel spans the window, so its height adds to the tallest side column's emitted after a snapshot has been drawn (tests and exporters wait on it)</extracomment>
      <translation>Schichten — auf die Arbeitsfläche ziehen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="146" />
      <source>Data</source>
      <translation>Daten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="147" />
      <source>Palette and data</source>
      <translation>Palette und Daten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="159" />
      <source>Layer</source>
      <translation>Schicht</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="160" />
      <location filename="../../nnstudio/ui/main_window.py" line="207" />
      <source>Training</source>
      <translation>Training</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="161" />
      <source>Optimizer</source>
      <translation>Optimierer</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="164" />
      <source>Inspector and training</source>
      <translation>Eigenschaften und Training</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="191" />
      <location filename="../../nnstudio/ui/main_window.py" line="439" />
      <source>Play</source>
      <translation>Start</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="192" />
      <source>Train continuously (Space)</source>
      <translation>Fortlaufend trainieren (Leertaste)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="193" />
      <source>Step</source>
      <translation>Schritt</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="194" />
      <source>Train one mini-batch (Ctrl+→)</source>
      <translation>Einen Mini-Batch trainieren (Strg+→)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="196" />
      <source>Reset</source>
      <translation>Zurücksetzen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="197" />
      <source>Re-initialize the weights from the same seed (Ctrl+R)</source>
      <translation>Gewichte mit demselben Seed neu initialisieren (Strg+R)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="198" />
      <source>New seed</source>
      <translation>Neuer Seed</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="199" />
      <source>Draw a new training seed and re-initialize</source>
      <translation>Neuen Trainings-Seed ziehen und neu initialisieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="214" />
      <source>&amp;File</source>
      <translation>&amp;Datei</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="216" />
      <source>&amp;New</source>
      <translation>&amp;Neu</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="218" />
      <source>&amp;Open…</source>
      <translation>&amp;Öffnen…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="220" />
      <source>Open &amp;lesson</source>
      <translation>&amp;Lektion öffnen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="225" />
      <source>&amp;Save</source>
      <translation>&amp;Speichern</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="227" />
      <source>Save &amp;as…</source>
      <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="230" />
      <source>&amp;Quit</source>
      <translation>&amp;Beenden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="234" />
      <source>&amp;Edit</source>
      <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="236" />
      <source>&amp;Undo</source>
      <translation>&amp;Rückgängig</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="238" />
      <source>&amp;Redo</source>
      <translation>&amp;Wiederholen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="243" />
      <source>&amp;Training</source>
      <translation>&amp;Training</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="253" />
      <source>&amp;View</source>
      <translation>&amp;Ansicht</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="254" />
      <source>Optimizer &amp;race…</source>
      <translation>&amp;Wettlauf der Optimierer…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="255" />
      <source>Train the network with several optimizers side by side</source>
      <translation>Das Netz mit mehreren Optimierern nebeneinander trainieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="257" />
      <source>Loss &amp;landscape…</source>
      <translation>Verlust&amp;landschaft…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="258" />
      <source>The loss over two parameters and each optimizer's path</source>
      <translation>Der Verlust über zwei Parametern und der Weg jedes Optimierers</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="437" />
      <source>Cannot train: the network could not be built</source>
      <translation>Training nicht möglich: das Netz konnte nicht gebaut werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="439" />
      <source>Pause</source>
      <translation>Pause</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="486" />
      <source>Training stopped</source>
      <translation>Training angehalten</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="520" />
      <source>Cannot open project</source>
      <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="531" />
      <source>Cannot open lesson</source>
      <translation>Lektion kann nicht geöffnet werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="540" />
      <source>Open project</source>
      <translation>Projekt öffnen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="550" />
      <source>Save project</source>
      <translation>Projekt speichern</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="562" />
      <source>Cannot save</source>
      <translation>Speichern nicht möglich</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/main_window.py" line="569" />
      <source>Saved {path}</source>
      <translation>{path} gespeichert</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="30" />
      <source>System language</source>
      <extracomment>for the translation tools (these texts are data elsewhere, translated at run time)</extracomment>
      <translation>Systemsprache</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="31" />
      <source>Okabe–Ito (colour-blind safe)</source>
      <translation>Okabe–Ito (farbenblind-sicher)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="32" />
      <source>Tol bright (colour-blind safe)</source>
      <translation>Tol bright (farbenblind-sicher)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="78" />
      <source>&amp;Lessons…</source>
      <translation>&amp;Lektionen…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="79" />
      <source>Open a lesson from the gallery</source>
      <translation>Eine Lektion aus der Übersicht öffnen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="81" />
      <source>Recent &amp;files</source>
      <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="85" />
      <source>&amp;Export figure</source>
      <translation>Abbildung &amp;exportieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="86" />
      <source>Network…</source>
      <translation>Netz…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="86" />
      <source>Data and decision surface…</source>
      <translation>Daten und Entscheidungsfläche…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="87" />
      <source>Loss curves…</source>
      <translation>Verlustkurven…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="87" />
      <source>Whole window…</source>
      <translation>Ganzes Fenster…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="96" />
      <source>Export &amp;report…</source>
      <translation>&amp;Bericht exportieren…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="98" />
      <source>One page with the network, settings, curves and metrics (HTML or PDF)</source>
      <translation>Eine Seite mit Netz, Einstellungen, Kurven und Kennzahlen (HTML oder PDF)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="101" />
      <source>Export &amp;code</source>
      <translation>&amp;Code exportieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="102" />
      <source>PyTorch module…</source>
      <translation>PyTorch-Modul…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="105" />
      <source>NumPy script…</source>
      <translation>NumPy-Skript…</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="121" />
      <source>(none yet)</source>
      <translation>(noch keine)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="124" />
      <source>Clear list</source>
      <translation>Liste leeren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="131" />
      <source>&amp;Copy layers</source>
      <translation>Schichten &amp;kopieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="132" />
      <source>Copy the selected layers (Ctrl+C on the canvas)</source>
      <translation>Die ausgewählten Schichten kopieren (Strg+C auf der Arbeitsfläche)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="134" />
      <source>&amp;Paste layers</source>
      <translation>Schichten &amp;einfügen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="136" />
      <source>Paste copied layers (Ctrl+V on the canvas)</source>
      <translation>Kopierte Schichten einfügen (Strg+V auf der Arbeitsfläche)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="138" />
      <source>&amp;Delete</source>
      <translation>&amp;Löschen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="139" />
      <source>Delete the selected layers and connections</source>
      <translation>Die ausgewählten Schichten und Verbindungen löschen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="152" />
      <source>&amp;Theme</source>
      <translation>&amp;Farbschema</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="155" />
      <source>Light</source>
      <translation>Hell</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="155" />
      <source>Dark</source>
      <translation>Dunkel</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="163" />
      <source>&amp;Presentation mode</source>
      <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="164" />
      <source>Larger fonts, thicker lines, high contrast — for projecting</source>
      <translation>Größere Schrift, dickere Linien, hoher Kontrast — für den Beamer</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="167" />
      <source>Colour &amp;palette</source>
      <translation>&amp;Farbpalette</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="179" />
      <source>&amp;Language</source>
      <translation>&amp;Sprache</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="195" />
      <source>&amp;Help</source>
      <translation>&amp;Hilfe</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="196" />
      <source>About this &amp;view</source>
      <translation>&amp;Über diese Ansicht</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="198" />
      <source>&amp;Keyboard shortcuts</source>
      <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="200" />
      <source>All keyboard shortcuts</source>
      <translation>Alle Tastenkürzel</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="203" />
      <source>&amp;About nnstudio</source>
      <translation>&amp;Über nnstudio</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="209" />
      <location filename="../../nnstudio/ui/help.py" line="51" />
      <source>Lesson</source>
      <translation>Lektion</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="218" />
      <source>Lesson explanation</source>
      <translation>Erklärung der Lektion</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="261" />
      <source>Copied {n} layer(s)</source>
      <translation>{n} Schicht(en) kopiert</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="296" />
      <source>The language changes the next time nnstudio starts.</source>
      <translation>Die Sprache wechselt beim nächsten Start von nnstudio.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="307" />
      <source>Export report</source>
      <translation>Bericht exportieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="309" />
      <source>HTML page (*.html);;PDF document (*.pdf)</source>
      <translation>HTML-Seite (*.html);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="319" />
      <source>Cannot export the report</source>
      <translation>Bericht kann nicht exportiert werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="321" />
      <location filename="../../nnstudio/ui/classroom.py" line="363" />
      <location filename="../../nnstudio/ui/figure_export.py" line="175" />
      <location filename="../../nnstudio/ui/figure_export.py" line="201" />
      <source>Exported {path}</source>
      <translation>{path} exportiert</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="330" />
      <source>Export code</source>
      <translation>Code exportieren</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="330" />
      <source>Python (*.py)</source>
      <translation>Python (*.py)</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="361" />
      <source>Cannot export code</source>
      <translation>Code kann nicht exportiert werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="377" />
      <source>Cannot save the weights</source>
      <translation>Gewichte können nicht gespeichert werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="391" />
      <source>Cannot load the saved weights</source>
      <translation>Gespeicherte Gewichte können nicht geladen werden</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="407" />
      <source>Unsaved changes</source>
      <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="408" />
      <source>Save the changes to {name} before closing?</source>
      <translation>Änderungen an {name} vor dem Schließen speichern?</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="409" />
      <source>this project</source>
      <translation>dieses Projekt</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="422" />
      <source>About nnstudio</source>
      <translation>Über nnstudio</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="423" />
      <source>nnstudio {version}
Design, train and look inside neural networks: a desktop app for teaching and learning. Runs offline.</source>
      <translation>nnstudio {version}
Neuronale Netze entwerfen, trainieren und hineinschauen: eine Desktop-Anwendung für Lehre und Lernen. Läuft ohne Internet.</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="434" />
      <source>an unsaved project</source>
      <translation>ein ungespeichertes Projekt</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="435" />
      <source>Recover unsaved work?</source>
      <translation>Ungespeicherte Arbeit wiederherstellen?</translation>
    </message>
    <message>
      <location filename="../../nnstudio/ui/classroom.py" line="436" />
      <source>nnstudio found unsaved changes to {name} from a session that did not end normally. Recover them?</source>
      <translation>nnstudio hat ungespeicherte Änderungen an {name} aus einer Sitzung gefunden, die nicht normal beendet wurde. Wiederherstellen?</translation>
    </message>
  </context>
</TS>