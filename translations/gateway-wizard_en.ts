<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CheckCommand</name>
    <message numerus="yes">
        <source>the keychain did not answer within %n second(s); it may be locked.</source>
        <translation>
            <numerusform>the keychain did not answer within %n second; it may be locked.</numerusform>
            <numerusform>the keychain did not answer within %n seconds; it may be locked.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetupCheck</name>
    <message numerus="yes">
        <source>All %n email type(s) go through a stream of the right type.</source>
        <translation>
            <numerusform>The %n email type goes through a stream of the right type.</numerusform>
            <numerusform>All %n email types go through a stream of the right type.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recommended message stream(s) do not exist on the server yet (%1), so those email types share the server&apos;s default streams.</source>
        <translation>
            <numerusform>%n recommended message stream does not exist on the server yet (%1), so that email type shares the server&apos;s default stream.</numerusform>
            <numerusform>%n recommended message streams do not exist on the server yet (%1), so those email types share the server&apos;s default streams.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>None of the %n webhook(s) of the stream ‘%1’ goes to the platform&apos;s webhook URL %2.</source>
        <translation>
            <numerusform>The stream ‘%1’ has %n webhook, but it does not go to the platform&apos;s webhook URL %2.</numerusform>
            <numerusform>None of the %n webhooks of the stream ‘%1’ goes to the platform&apos;s webhook URL %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Postmark accepted a test email through each of the %n mapped stream(s), to %1.</source>
        <translation>
            <numerusform>Postmark accepted a test email through the %n mapped stream, to %1.</numerusform>
            <numerusform>Postmark accepted a test email through each of the %n mapped streams, to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Created %n message stream(s): %1.</source>
        <translation>
            <numerusform>Created %n message stream: %1.</numerusform>
            <numerusform>Created %n message streams: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Created %n webhook(s).</source>
        <translation>
            <numerusform>Created %n webhook.</numerusform>
            <numerusform>Created %n webhooks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Completed %n webhook(s).</source>
        <translation>
            <numerusform>Completed %n webhook.</numerusform>
            <numerusform>Completed %n webhooks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s) already had the webhook they need.</source>
        <translation>
            <numerusform>%n stream already had the webhook it needs.</numerusform>
            <numerusform>%n streams already had the webhook they need.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetupCheckDialog</name>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problem found.</numerusform>
            <numerusform>%n problems found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetupReportFormat</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n gateway(s) checked; exit status %1.</source>
        <translation>
            <numerusform>%n gateway checked; exit status %1.</numerusform>
            <numerusform>%n gateways checked; exit status %1.</numerusform>
        </translation>
    </message>
</context>
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
