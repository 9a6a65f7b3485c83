<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>StreamsPage</name>
    <message numerus="yes">
        <source>Created %n stream(s): %1.</source>
        <translation>
            <numerusform>Created %n stream: %1.</numerusform>
            <numerusform>Created %n streams: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n email type(s) need attention: pick a stream of the right type for the marked rows, or press Reset to recommended.</source>
        <translation>
            <numerusform>%n email type needs attention: pick a stream of the right type for the marked row, or press Reset to recommended.</numerusform>
            <numerusform>%n email types need attention: pick a stream of the right type for the marked rows, or press Reset to recommended.</numerusform>
        </translation>
    </message>
</context>
</TS>
