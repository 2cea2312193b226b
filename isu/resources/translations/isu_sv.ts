<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE" sourcelanguage="en">
<context>
    <name>AdminActions</name>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="27"/>
        <source>&amp;Administration</source>
        <translation>A&amp;dministration</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="28"/>
        <source>&amp;Export to Socialstyrelsen…</source>
        <translation>&amp;Exportera till Socialstyrelsen…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="29"/>
        <source>&amp;Form editor…</source>
        <translation>&amp;Formulärredigerare…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="31"/>
        <source>&amp;Back up database…</source>
        <translation>&amp;Säkerhetskopiera databasen…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="32"/>
        <source>&amp;Restore from backup…</source>
        <translation>&amp;Återställ från säkerhetskopia…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="80"/>
        <source>Back up database</source>
        <translation>Säkerhetskopiera databasen</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="82"/>
        <location filename="../../isu/ui/admin_menu.py" line="107"/>
        <source>ISU backup (*.isubackup)</source>
        <translation>ISU-säkerhetskopia (*.isubackup)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="94"/>
        <source>The backup was written to %1.</source>
        <translation>Säkerhetskopian skrevs till %1.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="105"/>
        <location filename="../../isu/ui/admin_menu.py" line="113"/>
        <source>Restore from backup</source>
        <translation>Återställ från säkerhetskopia</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="115"/>
        <source>The backup is checked before anything is replaced, and the current database is kept beside it.
Your password in the backup:</source>
        <translation>Säkerhetskopian kontrolleras innan något ersätts, och den nuvarande databasen sparas bredvid.
Ditt lösenord i säkerhetskopian:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="135"/>
        <source>The database was restored. The previous one is kept as %1. Unlock again to continue.</source>
        <translation>Databasen är återställd. Den tidigare finns kvar som %1. Lås upp igen för att fortsätta.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="154"/>
        <source>No closed case is due for deletion under the retention rule.</source>
        <translation>Inga avslutade ärenden ska gallras enligt gallringsregeln.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="158"/>
        <source>Apply retention rule</source>
        <translation>Tillämpa gallringsregeln</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="160"/>
        <source>%1 closed cases are due for deletion under the retention rule. Delete them now? This cannot be undone (older backups keep them until they are rotated out).</source>
        <translation>%1 avslutade ärenden ska gallras enligt gallringsregeln. Radera dem nu? Det går inte att ångra (äldre säkerhetskopior har kvar dem tills de roteras bort).</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="168"/>
        <source>%1 cases were deleted.</source>
        <translation>%1 ärenden raderades.</translation>
    </message>
    <message>
        <source>&amp;Erase case…</source>
        <translation>&amp;Radera ärendet…</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Användare…</translation>
    </message>
    <message>
        <source>Another program is reading the database; the last traces go when it closes.</source>
        <translation>Ett annat program läser databasen; de sista spåren försvinner när det stängs.</translation>
    </message>
    <message>
        <source>Case %1 was erased. Older backups still hold it until they are rotated out.</source>
        <translation>Ärendet %1 är raderat. Äldre säkerhetskopior innehåller det tills de roteras bort.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/admin_menu.py" line="33"/>
        <source>Apply re&amp;tention rule…</source>
        <translation>Tillämpa &amp;gallringsregeln…</translation>
    </message>
</context>
<context>
    <name>AppShell</name>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="60"/>
        <source>Search case number (Ctrl+F)</source>
        <translation>Sök ärendenummer (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="61"/>
        <source>Search case number</source>
        <translation>Sök ärendenummer</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="65"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="66"/>
        <source>All statuses</source>
        <translation>Alla statusar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="70"/>
        <source>Period from</source>
        <translation>Period från</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="72"/>
        <source>Period to</source>
        <translation>Period till</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="74"/>
        <source>Coordinator</source>
        <translation>Samordnare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="75"/>
        <source>All coordinators</source>
        <translation>Alla samordnare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="80"/>
        <source>&amp;New case…</source>
        <translation>&amp;Nytt ärende…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="84"/>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="86"/>
        <source>Period &amp;from:</source>
        <translation>Period &amp;från:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="88"/>
        <source>t&amp;o:</source>
        <translation>t&amp;ill:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="90"/>
        <source>Coo&amp;rdinator:</source>
        <translation>Sa&amp;mordnare:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="95"/>
        <source>Cases</source>
        <translation>Ärenden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="113"/>
        <source>Number of cases</source>
        <translation>Antal ärenden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/views/case_list.py" line="188"/>
        <source>%1 cases</source>
        <translation>%1 ärenden</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="191"/>
        <source>Case number</source>
        <translation>Ärendenummer</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="192"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="193"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="194"/>
        <source>Closed</source>
        <translation>Avslutat</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="195"/>
        <source>Coordinator</source>
        <translation>Samordnare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="196"/>
        <source>Phases complete</source>
        <translation>Kompletta faser</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="197"/>
        <source>Warnings</source>
        <translation>Varningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="198"/>
        <source>Last change</source>
        <translation>Senast ändrat</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="212"/>
        <source>Questions with warnings: %1</source>
        <translation>Frågor med varningar: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="243"/>
        <source>Before</source>
        <translation>Före</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="244"/>
        <source>During</source>
        <translation>Under</translation>
    </message>
    <message>
        <location filename="../../isu/ui/models/case_table.py" line="245"/>
        <source>After</source>
        <translation>Efter</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="75"/>
        <source>&amp;Save</source>
        <translation>&amp;Spara</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="77"/>
        <source>Close cas&amp;e…</source>
        <translation>Avsl&amp;uta ärendet…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="79"/>
        <source>Re&amp;open case</source>
        <translation>&amp;Återöppna ärendet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="88"/>
        <source>Warnings</source>
        <translation>Varningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="120"/>
        <source>The case is closed. Fill in the After phase, and offer the young person the client-experience questionnaire.</source>
        <translation>Ärendet är avslutat. Fyll i Efter-delen och erbjud den unge enkäten om sin upplevelse.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="125"/>
        <source>Open the &amp;questionnaire</source>
        <translation>Öppna &amp;enkäten</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="139"/>
        <source>Case</source>
        <translation>Ärende</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="140"/>
        <source>Before</source>
        <translation>Före</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="141"/>
        <source>During</source>
        <translation>Under</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="142"/>
        <source>After</source>
        <translation>Efter</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="143"/>
        <source>Experience</source>
        <translation>Upplevelse</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="173"/>
        <source>Case %1 · %2 · Coordinator: %3</source>
        <translation>Ärende %1 · %2 · Samordnare: %3</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="279"/>
        <source>%1 warnings (%2). Saving is still possible; the case is marked incomplete.</source>
        <translation>%1 varningar (%2). Det går ändå att spara; ärendet markeras som ofullständigt.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="299"/>
        <source>%1 warnings</source>
        <translation>%1 varningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="1"/>
        <source>The case is closed. Fill in the After phase.</source>
        <translation>Ärendet är avslutat. Fyll i Efter-delen.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/case_view.py" line="1"/>
        <source>The case is closed. Offer the young person the client-experience questionnaire.</source>
        <translation>Ärendet är avslutat. Erbjud den unge enkäten om sin upplevelse.</translation>
    </message>
</context>
<context>
    <name>ChoiceListPanel</name>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="42"/>
        <source>Choice lists</source>
        <translation>Vallistor</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="48"/>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="48"/>
        <source>Label (Swedish)</source>
        <translation>Etikett (svenska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="48"/>
        <source>Label (English)</source>
        <translation>Etikett (engelska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="55"/>
        <source>Lists</source>
        <translation>Listor</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="60"/>
        <source>&amp;New list…</source>
        <translation>&amp;Ny lista…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="61"/>
        <source>Rena&amp;me…</source>
        <translation>&amp;Byt namn…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="62"/>
        <source>Delete list</source>
        <translation>Ta bort lista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="72"/>
        <source>Add choice</source>
        <translation>Lägg till val</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="73"/>
        <source>Remove choice</source>
        <translation>Ta bort val</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="74"/>
        <source>Up</source>
        <translation>Upp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="75"/>
        <source>Down</source>
        <translation>Ned</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="125"/>
        <source>Used by: %1</source>
        <translation>Används av: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="127"/>
        <source>Not used by any question yet.</source>
        <translation>Används inte av någon fråga ännu.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="170"/>
        <source>New choice list</source>
        <translation>Ny vallista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="170"/>
        <source>Code of the list:</source>
        <translation>Listans kod:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="186"/>
        <source>Rename choice list</source>
        <translation>Byt namn på vallista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/choice_lists.py" line="186"/>
        <source>New code:</source>
        <translation>Ny kod:</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="24"/>
        <source>Close case %1</source>
        <translation>Avsluta ärende %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="28"/>
        <source>Give the closure date and the reason. After closing, fill in the After phase and offer the client-experience questionnaire.</source>
        <translation>Ange avslutsdatum och orsak. Fyll sedan i Efter-delen och erbjud enkäten om den unges upplevelse.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="36"/>
        <source>Closure date</source>
        <translation>Avslutsdatum</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="38"/>
        <source>Reason for closure</source>
        <translation>Orsak till avslut</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="39"/>
        <source>(choose)</source>
        <translation>(välj)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="48"/>
        <source>Closure &amp;date:</source>
        <translation>Avslutsd&amp;atum:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="49"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Orsak:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="54"/>
        <source>&amp;Close case</source>
        <translation>A&amp;vsluta ärendet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="73"/>
        <source>Enter the closure date as YYYY-MM-DD.</source>
        <translation>Ange avslutsdatum som ÅÅÅÅ-MM-DD.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/close_case.py" line="75"/>
        <source>Choose the reason for closure.</source>
        <translation>Välj orsak till avslut.</translation>
    </message>
</context>
<context>
    <name>ComputedEditor</name>
    <message>
        <location filename="../../isu/ui/formview/editors.py" line="266"/>
        <source>(calculated)</source>
        <translation>(beräknas)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/editors.py" line="1"/>
        <source>Calculated from other answers</source>
        <translation>Räknas ut från andra svar</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../isu/ui/errors.py" line="35"/>
        <source>Unexpected error</source>
        <translation>Oväntat fel</translation>
    </message>
    <message>
        <location filename="../../isu/ui/errors.py" line="39"/>
        <source>An unexpected error occurred. Your saved data is safe. Please send the report below to your administrator.</source>
        <translation>Ett oväntat fel inträffade. Sparade uppgifter är i säkerhet. Skicka rapporten nedan till din administratör.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/errors.py" line="46"/>
        <source>Crash report</source>
        <translation>Felrapport</translation>
    </message>
    <message>
        <location filename="../../isu/ui/errors.py" line="48"/>
        <source>&amp;Copy report</source>
        <translation>&amp;Kopiera rapporten</translation>
    </message>
    <message>
        <location filename="../../isu/ui/errors.py" line="54"/>
        <source>Saved as: %1</source>
        <translation>Sparad som: %1</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../isu/ui/formview/editors.py" line="248"/>
        <source>Not a date. Write it as YYYY-MM-DD.</source>
        <translation>Inget datum. Skriv det som ÅÅÅÅ-MM-DD.</translation>
    </message>
</context>
<context>
    <name>DialogParts</name>
    <message>
        <location filename="../../isu/ui/dialog_parts.py" line="1"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialog_parts.py" line="1"/>
        <source>Open database</source>
        <translation>Öppna databas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialog_parts.py" line="1"/>
        <source>ISU database (*.db);;All files (*)</source>
        <translation>ISU-databas (*.db);;Alla filer (*)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="130"/>
        <source>Export data</source>
        <translation>Exportera data</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="143"/>
        <source>Aggregated tables</source>
        <translation>Sammanställda tabeller</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="144"/>
        <source>Record level (anonymised)</source>
        <translation>Individnivå (anonymiserad)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="154"/>
        <source>Same export id for a case in every export</source>
        <translation>Samma export-id för ett ärende i varje export</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="156"/>
        <source>None: the package is not sealed</source>
        <translation>Ingen: paketet förseglas inte</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="159"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="160"/>
        <source>&amp;From:</source>
        <translation>&amp;Från:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="161"/>
        <source>&amp;To:</source>
        <translation>&amp;Till:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="162"/>
        <source>&amp;k (smallest group):</source>
        <translation>&amp;k (minsta grupp):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="176"/>
        <source>&amp;l (different sensitive values per group):</source>
        <translation>&amp;l (olika känsliga värden per grupp):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="164"/>
        <source>&amp;Recipient's public key:</source>
        <translation>&amp;Mottagarens publika nyckel:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="165"/>
        <source>&amp;Output file:</source>
        <translation>&amp;Utfil:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="166"/>
        <source>&amp;Preview</source>
        <translation>&amp;Förhandsgranska</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="167"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="169"/>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="195"/>
        <source>Preview</source>
        <translation>Förhandsgranskning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="213"/>
        <source>Browse…</source>
        <translation>Bläddra…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="221"/>
        <source>Save export</source>
        <translation>Spara export</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="221"/>
        <source>Export package (*.isux)</source>
        <translation>Exportpaket (*.isux)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="225"/>
        <source>Recipient's public key</source>
        <translation>Mottagarens publika nyckel</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="225"/>
        <source>Key (*.pem *.pub)</source>
        <translation>Nyckel (*.pem *.pub)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="255"/>
        <source>Choose an output file.</source>
        <translation>Välj en utfil.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="265"/>
        <source>The key file cannot be read.</source>
        <translation>Nyckelfilen kan inte läsas.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="278"/>
        <source>Working…</source>
        <translation>Arbetar…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="295"/>
        <source>Check the preview, then export.</source>
        <translation>Granska förhandsvisningen och exportera sedan.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="297"/>
        <source>Nothing to export: too few cases in the period.</source>
        <translation>Inget att exportera: för få ärenden under perioden.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="302"/>
        <source>k = %1; cases in the period: %2</source>
        <translation>k = %1; ärenden under perioden: %2</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="304"/>
        <source>%1: %2 rows</source>
        <translation>%1: %2 rader</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="307"/>
        <source>Generalised records: %1</source>
        <translation>Generaliserade poster: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="308"/>
        <source>Suppressed records: %1</source>
        <translation>Undertryckta poster: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="310"/>
        <source>%1 generalised to level %2 of %3</source>
        <translation>%1 generaliserad till nivå %2 av %3</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="318"/>
        <source>Hidden cells: %1</source>
        <translation>Dolda celler: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="319"/>
        <source>Rule: %1</source>
        <translation>Regel: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="325"/>
        <source> (sealed)</source>
        <translation> (förseglat)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="327"/>
        <source>Written to %1%2. SHA-256: %3</source>
        <translation>Skrivet till %1%2. SHA-256: %3</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="339"/>
        <source>Unexpected error: %1</source>
        <translation>Oväntat fel: %1</translation>
    </message>
</context>
<context>
    <name>ExpressionEdit</name>
    <message>
        <location filename="../../isu/ui/editor/expression_edit.py" line="85"/>
        <source>e.g. answered(closure_date)</source>
        <translation>t.ex. answered(closure_date)</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="31"/>
        <source>Filters</source>
        <translation>Urval</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="37"/>
        <source>Period means</source>
        <translation>Perioden avser</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="39"/>
        <source>Active in the period</source>
        <translation>Aktiva under perioden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="40"/>
        <source>Referred in the period</source>
        <translation>Aktualiserade under perioden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="41"/>
        <source>Started in the period</source>
        <translation>Påbörjade under perioden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="42"/>
        <source>Closed in the period</source>
        <translation>Avslutade under perioden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="46"/>
        <source>Period from</source>
        <translation>Perioden från</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="48"/>
        <source>Period to</source>
        <translation>Perioden till</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="51"/>
        <source>Split by</source>
        <translation>Dela upp på</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="53"/>
        <source>No split</source>
        <translation>Ingen uppdelning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="54"/>
        <location filename="../../isu/ui/summary/filters.py" line="66"/>
        <source>Gender</source>
        <translation>Kön</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="55"/>
        <location filename="../../isu/ui/summary/filters.py" line="67"/>
        <source>Age band</source>
        <translation>Åldersgrupp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="58"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="59"/>
        <source>All statuses</source>
        <translation>Alla statusar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="60"/>
        <source>Ongoing</source>
        <translation>Pågående</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="61"/>
        <source>Closed</source>
        <translation>Avslutade</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="62"/>
        <source>Unit</source>
        <translation>Enhet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="64"/>
        <source>All units</source>
        <translation>Alla enheter</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="65"/>
        <source>Coordinator</source>
        <translation>Samordnare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="68"/>
        <source>Form version</source>
        <translation>Formulärversion</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="70"/>
        <source>Smallest group shown (k)</source>
        <translation>Minsta grupp som visas (k)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="72"/>
        <source>Counts below k are hidden; k can be raised, not set below the database's.</source>
        <translation>Antal under k döljs; k kan höjas men inte sättas lägre än databasens.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="80"/>
        <source>&amp;Period:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="81"/>
        <source>Fro&amp;m:</source>
        <translation>&amp;Från:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="82"/>
        <source>&amp;To:</source>
        <translation>T&amp;ill:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="83"/>
        <source>Sp&amp;lit by:</source>
        <translation>&amp;Dela upp på:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="86"/>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="87"/>
        <source>&amp;Unit:</source>
        <translation>&amp;Enhet:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="88"/>
        <source>Coor&amp;dinator:</source>
        <translation>Sa&amp;mordnare:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="91"/>
        <source>&amp;Gender:</source>
        <translation>&amp;Kön:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="92"/>
        <source>&amp;Age band:</source>
        <translation>Å&amp;ldersgrupp:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="93"/>
        <source>Form ve&amp;rsion:</source>
        <translation>F&amp;ormulärversion:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="94"/>
        <source>Smallest group (&amp;k):</source>
        <translation>Minsta grupp (&amp;k):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="122"/>
        <source>All coordinators</source>
        <translation>Alla samordnare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="123"/>
        <source>All genders</source>
        <translation>Alla kön</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="124"/>
        <source>All age bands</source>
        <translation>Alla åldersgrupper</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="126"/>
        <source>All versions</source>
        <translation>Alla versioner</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="201"/>
        <source>Coordinator %1</source>
        <translation>Samordnare %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="41"/>
        <source>Form</source>
        <translation>Formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/filters.py" line="93"/>
        <source>&amp;Form:</source>
        <translation>F&amp;ormulär:</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="104"/>
        <source>ISU – Welcome</source>
        <translation>ISU – Välkommen</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="234"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Bläddra…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="239"/>
        <source>Database &amp;file:</source>
        <translation>Databas&amp;fil:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="106"/>
        <location filename="../../isu/ui/dialogs/first_run.py" line="233"/>
        <source>Database file</source>
        <translation>Databasfil</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="107"/>
        <source>First administrator</source>
        <translation>Första administratören</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="108"/>
        <source>Municipality and unit</source>
        <translation>Kommun och enhet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="109"/>
        <source>Form and demo data</source>
        <translation>Formulär och demodata</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="142"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Tillbaka</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="144"/>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Nästa &gt;</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="176"/>
        <source>Step %1 of %2: %3</source>
        <translation>Steg %1 av %2: %3</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="182"/>
        <source>The recovery key</source>
        <translation>Återställningsnyckeln</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="209"/>
        <source>That file already exists. Choose another name, or open it instead.</source>
        <translation>Filen finns redan. Välj ett annat namn, eller öppna den i stället.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="211"/>
        <source>Enter a user name for the administrator.</source>
        <translation>Ange ett användarnamn för administratören.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="213"/>
        <source>The password must have at least 8 characters.</source>
        <translation>Lösenordet måste ha minst 8 tecken.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="217"/>
        <source>The municipality code must be four digits (SCB), e.g. 0180.</source>
        <translation>Kommunkoden ska vara fyra siffror (SCB), t.ex. 0180.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="219"/>
        <source>Enter the name of the unit.</source>
        <translation>Ange enhetens namn.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="227"/>
        <source>No database was found. A few short steps create a new encrypted database for your unit. If the unit already has a database, open that file instead.</source>
        <translation>Ingen databas hittades. Med några korta steg skapar du en ny krypterad databas för er enhet. Om enheten redan har en databas öppnar du den filen i stället.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="245"/>
        <source>Keep the database on a drive that is backed up. Everything in it is encrypted with the users' passwords.</source>
        <translation>Spara databasen på en enhet som säkerhetskopieras. Allt i den är krypterat med användarnas lösenord.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="274"/>
        <source>The first user is the administrator: adds the other users, adapts the form and makes backups. Choose a password you can remember; nobody can look it up.</source>
        <translation>Den första användaren är administratör: lägger till de andra användarna, anpassar formuläret och gör säkerhetskopior. Välj ett lösenord du kan komma ihåg; ingen kan slå upp det.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="287"/>
        <source>&amp;Administrator user name:</source>
        <translation>&amp;Administratörens användarnamn:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="289"/>
        <source>Administrator user name</source>
        <translation>Administratörens användarnamn</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="291"/>
        <source>&amp;Display name:</source>
        <translation>V&amp;isningsnamn:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="291"/>
        <source>Display name</source>
        <translation>Visningsnamn</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="293"/>
        <source>&amp;Password (at least 8 characters):</source>
        <translation>&amp;Lösenord (minst 8 tecken):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="295"/>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="297"/>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Upprepa lösenordet:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="297"/>
        <source>Repeat password</source>
        <translation>Upprepa lösenordet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="305"/>
        <source>The municipality code and the unit name are written into every case and into the exports to Socialstyrelsen. The code is the municipality's four-digit SCB code, e.g. 0180 for Stockholm or 1480 for Göteborg.</source>
        <translation>Kommunkoden och enhetens namn skrivs in i varje ärende och i exporterna till Socialstyrelsen. Koden är kommunens fyrsiffriga SCB-kod, t.ex. 0180 för Stockholm eller 1480 för Göteborg.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="321"/>
        <source>&amp;Unit:</source>
        <translation>&amp;Enhet:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="321"/>
        <source>Unit</source>
        <translation>Enhet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="317"/>
        <source>&amp;Municipality code (4 digits):</source>
        <translation>&amp;Kommunkod (4 siffror):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="319"/>
        <source>Municipality code</source>
        <translation>Kommunkod</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="146"/>
        <source>&amp;Create database</source>
        <translation>&amp;Skapa databasen</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="138"/>
        <source>&amp;Open existing database…</source>
        <translation>Ö&amp;ppna befintlig databas…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="140"/>
        <source>&amp;Quit</source>
        <translation>A&amp;vsluta</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="254"/>
        <source>New database</source>
        <translation>Ny databas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="254"/>
        <source>ISU database (*.db)</source>
        <translation>ISU-databas (*.db)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="207"/>
        <source>Choose where to save the database.</source>
        <translation>Välj var databasen ska sparas.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="215"/>
        <source>The passwords do not match.</source>
        <translation>Lösenorden är inte lika.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="329"/>
        <source>New cases are followed up with the standard SIG form. A unit that asks more or other questions can adapt its own version in the form editor at any time.</source>
        <translation>Nya ärenden följs upp med SIG-standardformuläret. En enhet som ställer fler eller andra frågor kan när som helst anpassa en egen version i formulärredigeraren.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="334"/>
        <source>Use the standard &amp;SIG form</source>
        <translation>Använd &amp;SIG-standardformuläret</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="336"/>
        <source>Open the form &amp;editor afterwards to adapt it</source>
        <translation>Öppna formulär&amp;redigeraren efteråt för att anpassa det</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="338"/>
        <source>Add %1 made-up &amp;demo cases to try the program</source>
        <translation>Lägg till %1 påhittade &amp;demoärenden för att prova programmet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="342"/>
        <source>Demo cases are made up. Add them only to a database for practice, never to the unit's real database.</source>
        <translation>Demoärenden är påhittade. Lägg bara till dem i en övningsdatabas, aldrig i enhetens riktiga databas.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="379"/>
        <source>Creating the database…</source>
        <translation>Skapar databasen…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="401"/>
        <source>The database was created. This is the RECOVERY KEY. It is shown only now. With it an administrator can set a new password if all passwords are forgotten; without it, a lost password means lost data. Print it or write it down and keep it locked away, apart from the computer.</source>
        <translation>Databasen är skapad. Detta är ÅTERSTÄLLNINGSNYCKELN. Den visas bara nu. Med den kan en administratör sätta ett nytt lösenord om alla lösenord glömts bort; utan den innebär ett förlorat lösenord förlorade uppgifter. Skriv ut den eller skriv av den och förvara den inlåst, skild från datorn.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="418"/>
        <source>Recovery key</source>
        <translation>Återställningsnyckel</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="419"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="424"/>
        <source>I have &amp;stored the recovery key safely</source>
        <translation>Jag har &amp;förvarat återställningsnyckeln säkert</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/first_run.py" line="148"/>
        <source>C&amp;ontinue</source>
        <translation>&amp;Fortsätt</translation>
    </message>
</context>
<context>
    <name>FormEditorWindow</name>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="145"/>
        <source>Move (drag and drop)</source>
        <translation>Flytta (dra och släpp)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="160"/>
        <source>Form structure</source>
        <translation>Formulärets struktur</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="183"/>
        <source>Properties</source>
        <translation>Egenskaper</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="184"/>
        <source>Choice lists</source>
        <translation>Vallistor</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="185"/>
        <source>Form</source>
        <translation>Formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="187"/>
        <source>Problems</source>
        <translation>Fel</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="204"/>
        <source>Preview</source>
        <translation>Förhandsvisning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="229"/>
        <source>&amp;Form</source>
        <translation>&amp;Formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="231"/>
        <source>New empty form</source>
        <translation>Nytt tomt formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="232"/>
        <source>Open the default SIG form</source>
        <translation>Öppna standardformuläret för SIG</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="233"/>
        <source>Open a published form…</source>
        <translation>Öppna ett publicerat formulär…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="234"/>
        <source>Open YAML file…</source>
        <translation>Öppna YAML-fil…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="235"/>
        <source>Save as YAML file…</source>
        <translation>Spara som YAML-fil…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="236"/>
        <source>Import REDCap data dictionary…</source>
        <translation>Importera REDCap-datadictionary…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="237"/>
        <source>Import XLSForm…</source>
        <translation>Importera XLSForm…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="242"/>
        <source>&amp;Publish new version…</source>
        <translation>&amp;Publicera ny version…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="245"/>
        <source>&amp;Edit</source>
        <translation>&amp;Redigera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="246"/>
        <source>&amp;Undo</source>
        <translation>&amp;Ångra</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="248"/>
        <source>&amp;Redo</source>
        <translation>&amp;Gör om</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="254"/>
        <source>Edit</source>
        <translation>Redigera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="259"/>
        <source>Undo</source>
        <translation>Ångra</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="260"/>
        <source>Redo</source>
        <translation>Gör om</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="269"/>
        <location filename="../../isu/ui/editor/window.py" line="432"/>
        <source>Add section</source>
        <translation>Lägg till avsnitt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="270"/>
        <location filename="../../isu/ui/editor/window.py" line="439"/>
        <source>Add question</source>
        <translation>Lägg till fråga</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="271"/>
        <location filename="../../isu/ui/editor/window.py" line="448"/>
        <source>Add repeat group</source>
        <translation>Lägg till upprepad grupp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="272"/>
        <location filename="../../isu/ui/editor/window.py" line="463"/>
        <source>Duplicate</source>
        <translation>Duplicera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="273"/>
        <location filename="../../isu/ui/editor/window.py" line="470"/>
        <source>Remove</source>
        <translation>Ta bort</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="274"/>
        <location filename="../../isu/ui/editor/window.py" line="487"/>
        <source>Move up</source>
        <translation>Flytta upp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="275"/>
        <location filename="../../isu/ui/editor/window.py" line="487"/>
        <source>Move down</source>
        <translation>Flytta ned</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="315"/>
        <source>Form editor – %1 version %2</source>
        <translation>Formulärredigerare – %1 version %2</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="339"/>
        <source>No problems: the form can be published.</source>
        <translation>Inga fel: formuläret kan publiceras.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="388"/>
        <source>Form settings</source>
        <translation>Formulärinställningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="391"/>
        <source>Delete choice list</source>
        <translation>Ta bort vallista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="391"/>
        <source>Edit choice list</source>
        <translation>Redigera vallista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="395"/>
        <source>Rename choice list</source>
        <translation>Byt namn på vallista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="405"/>
        <source>Make reusable choice list</source>
        <translation>Gör återanvändbar vallista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="432"/>
        <source>New section</source>
        <translation>Nytt avsnitt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="435"/>
        <source>New question</source>
        <translation>Ny fråga</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="441"/>
        <source>Select a section first.</source>
        <translation>Välj ett avsnitt först.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="445"/>
        <source>New repeat group</source>
        <translation>Ny upprepad grupp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="494"/>
        <location filename="../../isu/ui/editor/window.py" line="698"/>
        <source>Form editor</source>
        <translation>Formulärredigerare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="700"/>
        <source>The form has changes that are neither published nor saved to a file. Close anyway?</source>
        <translation>Formuläret har ändringar som varken är publicerade eller sparade i en fil. Stänga ändå?</translation>
    </message>
</context>
<context>
    <name>FormFileActions</name>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="542"/>
        <source>Open a published form</source>
        <translation>Öppna ett publicerat formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="542"/>
        <source>Form:</source>
        <translation>Formulär:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="564"/>
        <source>Open form</source>
        <translation>Öppna formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="564"/>
        <source>Forms (*.yaml *.yml)</source>
        <translation>Formulär (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="577"/>
        <source>Save form</source>
        <translation>Spara formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="577"/>
        <source>Forms (*.yaml)</source>
        <translation>Formulär (*.yaml)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="598"/>
        <source>Import REDCap data dictionary</source>
        <translation>Importera REDCap-datadictionary</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="598"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="603"/>
        <source>REDCap API metadata (*.json)</source>
        <translation>REDCap API-metadata (*.json)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="616"/>
        <source>Import XLSForm</source>
        <translation>Importera XLSForm</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="616"/>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel-filer (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="654"/>
        <source>Prepare publishing</source>
        <translation>Förbered publicering</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window_files.py" line="686"/>
        <source>Published %1 version %2.</source>
        <translation>Publicerade %1 version %2.</translation>
    </message>
</context>
<context>
    <name>FormSettingsPanel</name>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="85"/>
        <source>Form id</source>
        <translation>Formulär-id</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="86"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="87"/>
        <source>Title (Swedish)</source>
        <translation>Titel (svenska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="88"/>
        <source>Title (English)</source>
        <translation>Titel (engelska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="89"/>
        <source>Description (Swedish)</source>
        <translation>Beskrivning (svenska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/window.py" line="90"/>
        <source>Description (English)</source>
        <translation>Beskrivning (engelska)</translation>
    </message>
</context>
<context>
    <name>FormTreeModel</name>
    <message>
        <location filename="../../isu/ui/editor/tree_model.py" line="146"/>
        <source>Phase</source>
        <translation>Fas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/tree_model.py" line="148"/>
        <source>Section</source>
        <translation>Avsnitt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/tree_model.py" line="150"/>
        <source>Repeat group</source>
        <translation>Upprepad grupp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/tree_model.py" line="155"/>
        <source>Item</source>
        <translation>Del</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/tree_model.py" line="155"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>HelpActions</name>
    <message>
        <location filename="../../isu/ui/help.py" line="65"/>
        <source>&amp;User guide</source>
        <translation>&amp;Användarhandbok</translation>
    </message>
    <message>
        <location filename="../../isu/ui/help.py" line="88"/>
        <source>User guide</source>
        <translation>Användarhandbok</translation>
    </message>
    <message>
        <location filename="../../isu/ui/help.py" line="89"/>
        <source>The user guide was not found. It should be at:
%1</source>
        <translation>Användarhandboken hittades inte. Den ska finnas här:
%1</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="37"/>
        <source>Import report</source>
        <translation>Importrapport</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="44"/>
        <source>%1: %2 fields read, %3 questions imported.</source>
        <translation>%1: %2 fält lästa, %3 frågor importerade.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="49"/>
        <source>%1 descriptive texts (no answer) imported.</source>
        <translation>%1 beskrivande texter (utan svar) importerade.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="45"/>
        <source>Every field was mapped.</source>
        <translation>Alla fält kunde överföras.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="46"/>
        <source>Not imported</source>
        <translation>Inte importerat</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="47"/>
        <source>Imported with changes</source>
        <translation>Importerat med ändringar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/import_report.py" line="52"/>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../isu/ui/main_window.py" line="82"/>
        <source>Locked. Sign in to continue.</source>
        <translation>Låst. Logga in för att fortsätta.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="90"/>
        <source>Working</source>
        <translation>Arbetar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="109"/>
        <source>&amp;New case…</source>
        <translation>&amp;Nytt ärende…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="110"/>
        <location filename="../../isu/ui/main_window.py" line="303"/>
        <source>&amp;Save</source>
        <translation>&amp;Spara</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="111"/>
        <source>&amp;Lock</source>
        <translation>&amp;Lås</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="112"/>
        <source>&amp;Quit</source>
        <translation>A&amp;vsluta</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="113"/>
        <source>&amp;Search cases</source>
        <translation>&amp;Sök ärenden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="114"/>
        <source>&amp;Refresh list</source>
        <translation>&amp;Uppdatera listan</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="116"/>
        <source>Close case &amp;view</source>
        <translation>&amp;Stäng ärendevyn</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="118"/>
        <source>&amp;Close case…</source>
        <translation>&amp;Avsluta ärendet…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="119"/>
        <source>&amp;Reopen case</source>
        <translation>Å&amp;teröppna ärendet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="120"/>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="124"/>
        <source>&amp;Case</source>
        <translation>Ä&amp;rende</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="127"/>
        <source>&amp;View</source>
        <translation>&amp;Visa</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="131"/>
        <source>&amp;Language</source>
        <translation>S&amp;pråk</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="140"/>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="141"/>
        <source>&amp;About ISU</source>
        <translation>&amp;Om ISU</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="162"/>
        <source>ISU – Locked</source>
        <translation>ISU – Låst</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="166"/>
        <source>ISU – case %1</source>
        <translation>ISU – ärende %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="175"/>
        <source>Signed in: %1 (%2)</source>
        <translation>Inloggad: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="246"/>
        <source>Saved. Warnings: %1.</source>
        <translation>Sparat. Varningar: %1.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="297"/>
        <source>Unsaved changes</source>
        <translation>Osparade ändringar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="298"/>
        <source>Case %1 has unsaved changes. Save them?</source>
        <translation>Ärende %1 har osparade ändringar. Vill du spara dem?</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="304"/>
        <source>&amp;Discard</source>
        <translation>&amp;Kasta</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="305"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="367"/>
        <source>Another user</source>
        <translation>En annan användare</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="369"/>
        <source>The previous user has unsaved changes in case %1. They will be discarded. Continue?</source>
        <translation>Den förra användaren har osparade ändringar i ärende %1. De kommer att kastas. Fortsätta?</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="438"/>
        <source>The language changes the next time the program starts.</source>
        <translation>Språket byts nästa gång programmet startar.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="446"/>
        <source>About ISU</source>
        <translation>Om ISU</translation>
    </message>
    <message>
        <location filename="../../isu/ui/main_window.py" line="448"/>
        <source>ISU %1 – individual-based systematic follow-up for social intervention groups.</source>
        <translation>ISU %1 – individbaserad systematisk uppföljning för sociala insatsgrupper.</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="43"/>
        <source>New case</source>
        <translation>Nytt ärende</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="45"/>
        <source>Case number</source>
        <translation>Ärendenummer</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="47"/>
        <source>The unit's own running number. Never a personal identity number or a name.</source>
        <translation>Enhetens eget löpnummer. Aldrig personnummer eller namn.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="50"/>
        <source>Form</source>
        <translation>Formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="56"/>
        <source>&amp;Case number:</source>
        <translation>Ä&amp;rendenummer:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="57"/>
        <source>&amp;Form:</source>
        <translation>&amp;Formulär:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="62"/>
        <source>&amp;Register</source>
        <translation>&amp;Registrera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/new_case.py" line="87"/>
        <source>No form is published yet. An administrator must publish one.</source>
        <translation>Inget formulär är publicerat ännu. En administratör måste publicera ett.</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <location filename="../../isu/ui/widgets/date_edit.py" line="35"/>
        <source>YYYY-MM-DD</source>
        <translation>ÅÅÅÅ-MM-DD</translation>
    </message>
    <message>
        <location filename="../../isu/ui/widgets/date_edit.py" line="41"/>
        <location filename="../../isu/ui/widgets/date_edit.py" line="42"/>
        <source>Choose a date</source>
        <translation>Välj datum</translation>
    </message>
</context>
<context>
    <name>PhasePage</name>
    <message>
        <location filename="../../isu/ui/formview/phase_page.py" line="39"/>
        <source>Warnings in this phase</source>
        <translation>Varningar i den här delen</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/phase_page.py" line="73"/>
        <source>%1 questions need attention:</source>
        <translation>%1 frågor behöver ses över:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/phase_page.py" line="76"/>
        <source>…and %1 more</source>
        <translation>…och %1 till</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="85"/>
        <source>Leaves</source>
        <translation>Lämnar enheten</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="97"/>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="97"/>
        <source>Label</source>
        <translation>Etikett</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="97"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="97"/>
        <source>Privacy</source>
        <translation>Integritetsklass</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/export_dialog.py" line="98"/>
        <source>What happens</source>
        <translation>Vad som händer</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../isu/ui/editor/preview.py" line="37"/>
        <source>Clear test answers</source>
        <translation>Rensa testsvar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/preview.py" line="71"/>
        <source>The form has %1 problem(s); the preview shows the last valid version.</source>
        <translation>Formuläret har %1 fel; förhandsvisningen visar den senaste giltiga versionen.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/preview.py" line="86"/>
        <source>Try the form: answers here are not saved.</source>
        <translation>Prova formuläret: svar här sparas inte.</translation>
    </message>
</context>
<context>
    <name>PropertyPanel</name>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="112"/>
        <location filename="../../isu/ui/editor/properties.py" line="384"/>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="120"/>
        <location filename="../../isu/ui/editor/properties.py" line="412"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="121"/>
        <source>Label (Swedish)</source>
        <translation>Etikett (svenska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="122"/>
        <source>Label (English)</source>
        <translation>Etikett (engelska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="123"/>
        <source>Help (Swedish)</source>
        <translation>Hjälptext (svenska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="124"/>
        <source>Help (English)</source>
        <translation>Hjälptext (engelska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="129"/>
        <source>The need area (a choice of the intervention focus question) this question rates. The group summary counts rated needs per area and whether interventions are aimed at them.</source>
        <translation>Behovsområdet (ett val i frågan om insatsens inriktning) som frågan bedömer. Gruppsammanställningen räknar bedömda behov per område och om insatserna riktas mot dem.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="135"/>
        <source>Need area</source>
        <translation>Behovsområde</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="137"/>
        <source>Rates need area</source>
        <translation>Bedömer behovsområde</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="138"/>
        <source>Warn when unanswered</source>
        <translation>Varna när svar saknas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="140"/>
        <location filename="../../isu/ui/editor/properties.py" line="142"/>
        <source>Required</source>
        <translation>Obligatorisk</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="145"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="149"/>
        <location filename="../../isu/ui/editor/properties.py" line="151"/>
        <source>Privacy class</source>
        <translation>Integritetsklass</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="154"/>
        <source>Pair</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="156"/>
        <source>Pair (before question)</source>
        <translation>Par (fråga i Före)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="159"/>
        <source>Skip logic</source>
        <translation>Hopplogik</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="161"/>
        <source>Skip logic (shown when)</source>
        <translation>Hopplogik (visas när)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="163"/>
        <source>e.g. . &gt;= 0 and . &lt;= 30</source>
        <translation>t.ex. . &gt;= 0 and . &lt;= 30</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="165"/>
        <location filename="../../isu/ui/editor/properties.py" line="167"/>
        <source>Constraint</source>
        <translation>Kontroll</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="169"/>
        <source>Message (Swedish)</source>
        <translation>Meddelande (svenska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="172"/>
        <source>Message (English)</source>
        <translation>Meddelande (engelska)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="176"/>
        <location filename="../../isu/ui/editor/properties.py" line="178"/>
        <source>Role</source>
        <translation>Roll</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="180"/>
        <location filename="../../isu/ui/editor/properties.py" line="454"/>
        <source>Renamed from</source>
        <translation>Tidigare koder</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="182"/>
        <source>earlier codes, separated by commas</source>
        <translation>tidigare koder, åtskilda med komma</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="185"/>
        <source>Scale from</source>
        <translation>Skala från</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="186"/>
        <source>Scale to</source>
        <translation>Skala till</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="193"/>
        <location filename="../../isu/ui/editor/properties.py" line="462"/>
        <source>Computation</source>
        <translation>Beräkning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="202"/>
        <source>Make reusable</source>
        <translation>Gör återanvändbar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="204"/>
        <source>Edit lists…</source>
        <translation>Redigera listor…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="209"/>
        <location filename="../../isu/ui/editor/properties.py" line="434"/>
        <source>Choices</source>
        <translation>Svarsalternativ</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="215"/>
        <source>All of the form's missing reasons</source>
        <translation>Alla formulärets bortfallsorsaker</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="222"/>
        <location filename="../../isu/ui/editor/properties.py" line="440"/>
        <location filename="../../isu/ui/editor/properties.py" line="450"/>
        <source>Missing reasons</source>
        <translation>Bortfallsorsaker</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="230"/>
        <source>Select an item in the tree.</source>
        <translation>Välj något i trädet.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="246"/>
        <source>Phase</source>
        <translation>Fas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="247"/>
        <source>Section</source>
        <translation>Avsnitt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="248"/>
        <source>Repeat group</source>
        <translation>Upprepad grupp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="249"/>
        <source>Question</source>
        <translation>Fråga</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="307"/>
        <source>Was %1 when opened. Publishing offers to record the rename, so stored answers follow.</source>
        <translation>Hette %1 när formuläret öppnades. Vid publicering erbjuds att namnbytet registreras så att sparade svar följer med.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="320"/>
        <source>(none)</source>
        <translation>(ingen)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="334"/>
        <source>Own list (%1 choices)</source>
        <translation>Egen lista (%1 val)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="379"/>
        <source>A code is lower-case a–z, digits and _, starting with a letter (at most 60).</source>
        <translation>En kod består av små bokstäver a–z, siffror och _ och börjar med en bokstav (högst 60 tecken).</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="419"/>
        <source>Label</source>
        <translation>Etikett</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="424"/>
        <source>Help text</source>
        <translation>Hjälptext</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/properties.py" line="429"/>
        <source>Constraint message</source>
        <translation>Kontrollmeddelande</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="101"/>
        <source>Publish form</source>
        <translation>Publicera formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="115"/>
        <source>Record that %1 was renamed from %2 (stored answers follow)</source>
        <translation>Registrera att %1 har bytt namn från %2 (sparade svar följer med)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="130"/>
        <source>&amp;Publish</source>
        <translation>&amp;Publicera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="144"/>
        <source>%1 has not been published before. This publishes version %2.</source>
        <translation>%1 har inte publicerats tidigare. Nu publiceras version %2.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="154"/>
        <source>Published now: version %1. There are %2 registered cases in this database.</source>
        <translation>Publicerad nu: version %1. Det finns %2 registrerade ärenden i databasen.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="159"/>
        <source>Raise the version number to %1</source>
        <translation>Höj versionsnumret till %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="185"/>
        <source>The form has problems; fix them first:</source>
        <translation>Formuläret har fel; rätta dem först:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="191"/>
        <source>New form with %1 questions.</source>
        <translation>Nytt formulär med %1 frågor.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="199"/>
        <source>Changes since the published version:</source>
        <translation>Ändringar sedan den publicerade versionen:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="219"/>
        <source>Added</source>
        <translation>Tillagda</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="220"/>
        <source>asked from now on; existing cases have no answer yet</source>
        <translation>frågas från och med nu; befintliga ärenden saknar svar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="224"/>
        <source>Removed</source>
        <translation>Borttagna</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="226"/>
        <source>no longer asked; stored answers are kept and still shown in old cases and summaries</source>
        <translation>frågas inte längre; sparade svar behålls och visas i gamla ärenden och sammanställningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="232"/>
        <source>Renamed</source>
        <translation>Nya koder</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="233"/>
        <source>stored answers follow to the new code</source>
        <translation>sparade svar följer med till den nya koden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="237"/>
        <source>Choices changed</source>
        <translation>Ändrade svarsalternativ</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="238"/>
        <source>added choices are safe; removed choices may be in stored answers</source>
        <translation>tillagda alternativ är ofarliga; borttagna kan finnas i sparade svar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="245"/>
        <source>Type changed</source>
        <translation>Ändrad typ</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/publish.py" line="246"/>
        <source>stored answers are converted where possible</source>
        <translation>sparade svar omvandlas där det går</translation>
    </message>
</context>
<context>
    <name>QuestionRow</name>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="44"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="44"/>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="54"/>
        <source>Warning</source>
        <translation>Varning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="75"/>
        <source>Missing answer or clear</source>
        <translation>Saknat svar eller rensa</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="77"/>
        <source>Missing answer for: %1</source>
        <translation>Saknat svar för: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="88"/>
        <source>Clear answer</source>
        <translation>Rensa svaret</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/question_row.py" line="1"/>
        <source>Missing</source>
        <translation>Saknas</translation>
    </message>
</context>
<context>
    <name>RepeatGroupEditor</name>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="139"/>
        <source>&amp;Add…</source>
        <translation>&amp;Lägg till…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="140"/>
        <location filename="../../isu/ui/formview/repeat.py" line="181"/>
        <source>Add: %1</source>
        <translation>Lägg till: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="141"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Ändra…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="142"/>
        <source>Remo&amp;ve</source>
        <translation>Ta &amp;bort</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="187"/>
        <source>Edit: %1</source>
        <translation>Ändra: %1</translation>
    </message>
</context>
<context>
    <name>RepeatItemDialog</name>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="69"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../isu/ui/formview/repeat.py" line="70"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>RepeatTableModel</name>
    <message>
        <location filename="../../isu/ui/models/repeat_table.py" line="94"/>
        <source>Warnings</source>
        <translation>Varningar</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="127"/>
        <source>About this summary: coverage, caveats, how to read</source>
        <translation>Om sammanställningen: urval, förbehåll, läsanvisning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="148"/>
        <source>Sections and tables</source>
        <translation>Avsnitt och tabeller</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="154"/>
        <source>Number of cases and missing answers</source>
        <translation>Antal ärenden och saknade svar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="157"/>
        <source>Summary table</source>
        <translation>Tabell</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="162"/>
        <source>Chart</source>
        <translation>Diagram</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="249"/>
        <source>n = %1 · missing answers: %2</source>
        <translation>n = %1 · uppgift saknas: %2</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="282"/>
        <source>Exact counts: small numbers are not hidden on this screen (database setting). Files you save are always protected (k = %1).</source>
        <translation>Exakta antal: små tal döljs inte på den här skärmen (databasens inställning). Filer du sparar skyddas alltid (k = %1).</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="289"/>
        <source>Period: %1</source>
        <translation>Period: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="291"/>
        <source>Number of cases (N): %1</source>
        <translation>Antal ärenden (N): %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="296"/>
        <source>Small-number threshold (k): %1</source>
        <translation>Gräns för små tal (k): %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="303"/>
        <source>Caveats</source>
        <translation>Förbehåll</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/results.py" line="305"/>
        <source>How to read the tables</source>
        <translation>Så läser du tabellerna</translation>
    </message>
</context>
<context>
    <name>SettingsActions</name>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="364"/>
        <source>S&amp;ettings…</source>
        <translation>&amp;Inställningar…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="66"/>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="72"/>
        <source>&amp;General</source>
        <translation>&amp;Allmänt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="72"/>
        <source>&amp;Age bands</source>
        <translation>Å&amp;ldersband</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="72"/>
        <source>&amp;Retention and backup</source>
        <translation>&amp;Gallring och säkerhetskopior</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="76"/>
        <source>This &amp;computer</source>
        <translation>Den här da&amp;torn</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="78"/>
        <source>Only an administrator can change the database settings. They are shown here.</source>
        <translation>Bara en administratör kan ändra databasens inställningar. Här visas de.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="91"/>
        <source>&amp;Save</source>
        <translation>&amp;Spara</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="113"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="114"/>
        <source>Show &amp;exact small counts on screen</source>
        <translation>Visa &amp;exakta små antal på skärmen</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="115"/>
        <source>Coordinators may open each other's &amp;cases</source>
        <translation>Samordnare får öppna varandras &amp;ärenden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="116"/>
        <source>Unit heads may read case &amp;details</source>
        <translation>Enhetschefer får läsa ärendenas &amp;detaljer</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="119"/>
        <source>&amp;Unit:</source>
        <translation>&amp;Enhet:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="119"/>
        <source>Unit</source>
        <translation>Enhet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="121"/>
        <source>&amp;Municipality code (4 digits):</source>
        <translation>&amp;Kommunkod (4 siffror):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="123"/>
        <source>Municipality code</source>
        <translation>Kommunkod</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="126"/>
        <source>Smallest group shown (&amp;k):</source>
        <translation>Minsta grupp som visas (&amp;k):</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="128"/>
        <source>Smallest group shown</source>
        <translation>Minsta grupp som visas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="130"/>
        <source>&amp;Lock after inactivity:</source>
        <translation>&amp;Lås efter inaktivitet:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="130"/>
        <source>Lock after inactivity</source>
        <translation>Lås efter inaktivitet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="136"/>
        <source>Groups smaller than k are hidden in summaries and exports so that no person can be recognised. On screen, exact small counts are shown only if ticked below.</source>
        <translation>Grupper mindre än k döljs i sammanställningar och exporter så att ingen person kan kännas igen. På skärmen visas exakta små antal bara om det är förbockat nedan.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="144"/>
        <source>Summaries group ages into these bands. Bands must not overlap.</source>
        <translation>Sammanställningarna delar in åldrar i de här banden. Banden får inte överlappa.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="147"/>
        <source>From age</source>
        <translation>Från ålder</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="147"/>
        <source>To age</source>
        <translation>Till ålder</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="150"/>
        <source>Age bands</source>
        <translation>Åldersband</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="151"/>
        <source>A&amp;dd band</source>
        <translation>Lägg &amp;till band</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="153"/>
        <source>Re&amp;move band</source>
        <translation>Ta &amp;bort band</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="162"/>
        <source>&amp;Keep closed cases until deleted by hand</source>
        <translation>&amp;Behåll avslutade ärenden tills de tas bort för hand</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="163"/>
        <source>&amp;Delete closed cases this many years</source>
        <translation>&amp;Radera avslutade ärenden så här många år</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="165"/>
        <source> years after closure</source>
        <translation> år efter avslut</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="166"/>
        <source>Years after closure</source>
        <translation>År efter avslut</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="172"/>
        <source>Make a &amp;backup every day (at the first unlock)</source>
        <translation>Gör en &amp;säkerhetskopia varje dag (vid första upplåsningen)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="174"/>
        <source>Backups to keep</source>
        <translation>Antal säkerhetskopior att behålla</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="180"/>
        <source>Backups to &amp;keep:</source>
        <translation>Antal säkerhetskopior att be&amp;hålla:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="181"/>
        <source>Backup folder on this computer:</source>
        <translation>Mapp för säkerhetskopior på den här datorn:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="183"/>
        <source>Retention</source>
        <translation>Gallring</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="186"/>
        <source>Backup</source>
        <translation>Säkerhetskopiering</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="196"/>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="198"/>
        <source>&amp;Language:</source>
        <translation>&amp;Språk:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/settings_dialog.py" line="201"/>
        <source>The language is a setting of this computer, not of the database. It takes effect the next time the program starts.</source>
        <translation>Språket är en inställning för den här datorn, inte för databasen. Det gäller från nästa gång programmet startas.</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="60"/>
        <source>&amp;Build summary</source>
        <translation>&amp;Ta fram sammanställning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="63"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="67"/>
        <source>Building the summary</source>
        <translation>Sammanställningen tas fram</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="72"/>
        <source>Saved summaries</source>
        <translation>Sparade sammanställningar</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="78"/>
        <source>L&amp;oad</source>
        <translation>Ö&amp;ppna</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="80"/>
        <source>D&amp;elete…</source>
        <translation>Ta &amp;bort…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="82"/>
        <source>Save defi&amp;nition…</source>
        <translation>Spara &amp;urval…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="88"/>
        <source>Saved summar&amp;ies:</source>
        <translation>Sparade sammanställ&amp;ningar:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="100"/>
        <source>Save the protected summary as:</source>
        <translation>Spara den skyddade sammanställningen som:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="102"/>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="103"/>
        <source>E&amp;xcel (XLSX)…</source>
        <translation>E&amp;xcel (XLSX)…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="104"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="112"/>
        <source>Choose filters and press Build summary.</source>
        <translation>Välj urval och tryck på Ta fram sammanställning.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="190"/>
        <source>Building…</source>
        <translation>Tar fram…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="203"/>
        <source>Cancelled.</source>
        <translation>Avbrutet.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="218"/>
        <source>%1 cases.</source>
        <translation>%1 ärenden.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="241"/>
        <source>Choose a folder for the CSV files</source>
        <translation>Välj en mapp för CSV-filerna</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="246"/>
        <source>Save summary as %1</source>
        <translation>Spara sammanställningen som %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="247"/>
        <source>%1 files (*.%2)</source>
        <translation>%1-filer (*.%2)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="267"/>
        <source>Saving…</source>
        <translation>Sparar…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="275"/>
        <source>Saved: %1</source>
        <translation>Sparad: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="291"/>
        <source>(none saved)</source>
        <translation>(inga sparade)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="319"/>
        <source>Save definition</source>
        <translation>Spara urval</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="320"/>
        <source>Name of the saved summary:</source>
        <translation>Namn på den sparade sammanställningen:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="350"/>
        <source>Loaded “%1”.</source>
        <translation>Öppnade ”%1”.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="360"/>
        <source>Delete saved summary</source>
        <translation>Ta bort sparad sammanställning</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/page.py" line="361"/>
        <source>Delete the saved summary “%1”?</source>
        <translation>Ta bort den sparade sammanställningen ”%1”?</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/wiring.py" line="34"/>
        <source>&amp;Case list</source>
        <translation>&amp;Ärendelista</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/wiring.py" line="37"/>
        <source>S&amp;ummary</source>
        <translation>Sa&amp;mmanställning</translation>
    </message>
</context>
<context>
    <name>SummaryTableModel</name>
    <message>
        <location filename="../../isu/ui/summary/table_model.py" line="123"/>
        <source>hidden</source>
        <translation>dold</translation>
    </message>
    <message>
        <location filename="../../isu/ui/summary/table_model.py" line="131"/>
        <source>Not shown to protect individuals: fewer than %1 cases, or hidden so that other hidden figures cannot be worked out from the totals.</source>
        <translation>Visas inte för att skydda enskilda: färre än %1 ärenden, eller dold för att andra dolda uppgifter inte ska kunna räknas fram ur summorna.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="85"/>
        <source>&amp;Database:</source>
        <translation>&amp;Databas:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="120"/>
        <source>Database</source>
        <translation>Databas</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="122"/>
        <source>Local database file</source>
        <translation>Lokal databasfil</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="125"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="46"/>
        <source>ISU – Locked</source>
        <translation>ISU – Låst</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="46"/>
        <source>ISU – Unlock</source>
        <translation>ISU – Lås upp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="55"/>
        <source>The program is locked. Sign in again to continue.</source>
        <translation>Programmet är låst. Logga in igen för att fortsätta.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="57"/>
        <source>Sign in to open the database.</source>
        <translation>Logga in för att öppna databasen.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="60"/>
        <source>Database: %1</source>
        <translation>Databas: %1</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="64"/>
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="67"/>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="70"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="74"/>
        <source>&amp;User name:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="75"/>
        <source>&amp;Password:</source>
        <translation>&amp;Lösenord:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="78"/>
        <location filename="../../isu/ui/dialogs/unlock.py" line="158"/>
        <source>&amp;Unlock</source>
        <translation>Lås &amp;upp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="81"/>
        <source>&amp;Other database…</source>
        <translation>A&amp;nnan databas…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="83"/>
        <source>&amp;Quit</source>
        <translation>A&amp;vsluta</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="113"/>
        <source>Enter your user name and password.</source>
        <translation>Ange användarnamn och lösenord.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="127"/>
        <source>Unlocking…</source>
        <translation>Låser upp…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/dialogs/unlock.py" line="164"/>
        <source>Wait %1 s</source>
        <translation>Vänta %1 s</translation>
    </message>
</context>
<context>
    <name>UserGuideWindow</name>
    <message>
        <location filename="../../isu/ui/help.py" line="43"/>
        <source>ISU – User guide</source>
        <translation>ISU – Användarhandbok</translation>
    </message>
    <message>
        <location filename="../../isu/ui/help.py" line="46"/>
        <source>User guide</source>
        <translation>Användarhandbok</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Lösenord:</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>Skriv lösenordet.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <source>Repea&amp;t password:</source>
        <translation>&amp;Upprepa lösenordet:</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Upprepa lösenordet</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Lösenorden är inte lika.</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>&amp;Add user</source>
        <translation>Lägg &amp;till användare</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Namn:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Roll:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Lägg till användare</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>Skriv ett användarnamn.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>The new user signs in with this password. Give it to them in person; they can change it afterwards.</source>
        <translation>Den nya användaren loggar in med det här lösenordet. Lämna det personligen; användaren kan byta det efteråt.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
</context>
<context>
    <name>EnableDialog</name>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Aktivera</translation>
    </message>
    <message>
        <source>A disabled account has no key any more, so it needs a new password to sign in again.</source>
        <translation>Ett avstängt konto har ingen nyckel längre och behöver därför ett nytt lösenord för att kunna logga in igen.</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>Aktivera %1</translation>
    </message>
</context>
<context>
    <name>EraseCaseDialog</name>
    <message>
        <source>&amp;Erase case</source>
        <translation>&amp;Radera ärendet</translation>
    </message>
    <message>
        <source>&amp;Type the case number to confirm:</source>
        <translation>&amp;Skriv ärendenumret för att bekräfta:</translation>
    </message>
    <message>
        <source>Answers removed:</source>
        <translation>Svar som tas bort:</translation>
    </message>
    <message>
        <source>Case number to confirm</source>
        <translation>Ärendenummer att bekräfta</translation>
    </message>
    <message>
        <source>Case number:</source>
        <translation>Ärendenummer:</translation>
    </message>
    <message>
        <source>Erase case %1</source>
        <translation>Radera ärendet %1</translation>
    </message>
    <message>
        <source>Erasure removes the case from the database for good. It cannot be undone.</source>
        <translation>Radering tar bort ärendet ur databasen för gott. Det kan inte ångras.</translation>
    </message>
    <message>
        <source>The audit log notes that a case was erased, by whom and when, but not the case number or any answer. Earlier entries about the case name only its internal id and stay. Older backups still hold the case until they are rotated out.</source>
        <translation>Granskningsloggen noterar att ett ärende raderades, av vem och när, men inte ärendenumret eller något svar. Tidigare poster om ärendet anger bara dess interna id och står kvar. Äldre säkerhetskopior innehåller ärendet tills de roteras bort.</translation>
    </message>
</context>
<context>
    <name>RecoveryResetDialog</name>
    <message>
        <source>&amp;Reset password</source>
        <translation>Å&amp;terställ lösenordet</translation>
    </message>
    <message>
        <source>Enter the recovery key.</source>
        <translation>Skriv återställningsnyckeln.</translation>
    </message>
    <message>
        <source>Recovery &amp;key:</source>
        <translation>Återställnings&amp;nyckel:</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Återställningsnyckel</translation>
    </message>
    <message>
        <source>Reset password of %1</source>
        <translation>Återställ lösenordet för %1</translation>
    </message>
    <message>
        <source>The recovery key (shown once when the database was created) gives the user a new password and enables the account. The reset is written to the audit log.</source>
        <translation>Återställningsnyckeln (som visades en gång när databasen skapades) ger användaren ett nytt lösenord och aktiverar kontot. Återställningen skrivs i granskningsloggen.</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>&amp;Change role</source>
        <translation>&amp;Byt roll</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Roll:</translation>
    </message>
    <message>
        <source>Change role of %1</source>
        <translation>Byt roll för %1</translation>
    </message>
    <message>
        <source>The role decides what the user may see and do.</source>
        <translation>Rollen avgör vad användaren får se och göra.</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Avstängd</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Roll</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>&amp;Add user…</source>
        <translation>&amp;Lägg till användare…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;täng</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>Stäng &amp;av</translation>
    </message>
    <message>
        <source>&amp;Enable…</source>
        <translation>Akti&amp;vera…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Change &amp;role…</source>
        <translation>Byt &amp;roll…</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>Stäng av %1</translation>
    </message>
    <message>
        <source>Disable %1? Their password stops opening the database at once. To let them back in, enable the account with a new password.</source>
        <translation>Stänga av %1? Lösenordet slutar öppna databasen direkt. För att släppa in användaren igen aktiverar du kontot med ett nytt lösenord.</translation>
    </message>
    <message>
        <source>Each user has a password and a role. Disabling a user removes their key at once; everything is written to the audit log.</source>
        <translation>Varje användare har ett lösenord och en roll. När en användare stängs av tas nyckeln bort direkt; allt skrivs i granskningsloggen.</translation>
    </message>
    <message>
        <source>ISU – Users</source>
        <translation>ISU – Användare</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Åter&amp;ställ lösenord…</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <source>The account was disabled.</source>
        <translation>Kontot stängdes av.</translation>
    </message>
    <message>
        <source>The account was enabled with the new password.</source>
        <translation>Kontot aktiverades med det nya lösenordet.</translation>
    </message>
    <message>
        <source>The change could not be made.</source>
        <translation>Ändringen kunde inte göras.</translation>
    </message>
    <message>
        <source>The password was reset.</source>
        <translation>Lösenordet återställdes.</translation>
    </message>
    <message>
        <source>The role was changed.</source>
        <translation>Rollen ändrades.</translation>
    </message>
    <message>
        <source>The user was added.</source>
        <translation>Användaren lades till.</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Användare</translation>
    </message>
</context>
<context>
    <name>QuestionTypeNames</name>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Single choice</source>
        <translation>Ett val</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Multiple choice</source>
        <translation>Flera val</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Yes/no</source>
        <translation>Ja/nej</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Whole number</source>
        <translation>Heltal</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Decimal number</source>
        <translation>Decimaltal</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Long text</source>
        <translation>Lång text</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Scale</source>
        <translation>Skala</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Calculated</source>
        <translation>Beräknad</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Descriptive text</source>
        <translation>Beskrivande text</translation>
    </message>
</context>
<context>
    <name>CodeNames</name>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Direct identifier</source>
        <translation>Direkt identifierande</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Indirect identifier</source>
        <translation>Indirekt identifierande</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Free text</source>
        <translation>Fritext</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Sensitive</source>
        <translation>Känslig</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Not personal</source>
        <translation>Inte personuppgift</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Case number</source>
        <translation>Ärendenummer</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Municipality</source>
        <translation>Kommun</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Unit</source>
        <translation>Enhet</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Referral date</source>
        <translation>Aktualiseringsdatum</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Start date</source>
        <translation>Startdatum</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Closure date</source>
        <translation>Avslutsdatum</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Closure reason</source>
        <translation>Orsak till avslut</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Gender</source>
        <translation>Kön</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Birth year</source>
        <translation>Födelseår</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Age at start</source>
        <translation>Ålder vid start</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Age band</source>
        <translation>Åldersgrupp</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Goal attainment</source>
        <translation>Måluppfyllelse</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Interventions</source>
        <translation>Insatser</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Meetings</source>
        <translation>Möten</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Intervention type</source>
        <translation>Typ av insats</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Intervention focus (need area)</source>
        <translation>Insatsens inriktning (behovsområde)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Responsible actor</source>
        <translation>Ansvarig aktör</translation>
    </message>
    <message>
        <location filename="../../isu/ui/editor/code_names.py" line="1"/>
        <source>Intervention status</source>
        <translation>Insatsens status</translation>
    </message>
</context>
<context>
    <name>ImportActions</name>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="332"/>
        <source>&amp;Import cases…</source>
        <translation>I&amp;mportera ärenden…</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="110"/>
        <location filename="../../isu/ui/import_dialog.py" line="187"/>
        <location filename="../../isu/ui/import_dialog.py" line="255"/>
        <source>Import cases</source>
        <translation>Importera ärenden</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="117"/>
        <source>File</source>
        <translation>Fil</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="118"/>
        <source>A CSV or XLSX file, one row per case</source>
        <translation>En CSV- eller XLSX-fil, en rad per ärende</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="119"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Bläddra…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="125"/>
        <source>Form</source>
        <translation>Formulär</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="127"/>
        <source>&amp;File:</source>
        <translation>&amp;Fil:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="128"/>
        <source>F&amp;orm:</source>
        <translation>F&amp;ormulär:</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="131"/>
        <source>Row 1 holds the form's question codes (and case_number; numbers are suggested where it is empty). Values as in the records export: choice codes, several joined by |, dates as YYYY-MM-DD, a missing reason by its code.</source>
        <translation>Rad 1 har formulärets frågekoder (och case_number; där ärendenummer saknas föreslås ett). Värden som i exporten på individnivå: svarskoder, flera åtskilda med |, datum som ÅÅÅÅ-MM-DD, orsak till saknat svar med sin kod.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="137"/>
        <source>&amp;Check file</source>
        <translation>&amp;Kontrollera filen</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="138"/>
        <source>&amp;Import</source>
        <translation>&amp;Importera</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="140"/>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="152"/>
        <source>Problems found</source>
        <translation>Funna problem</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="181"/>
        <source>No form is published yet.</source>
        <translation>Inget formulär är publicerat ännu.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="189"/>
        <source>Tables (*.csv *.xlsx)</source>
        <translation>Tabeller (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="202"/>
        <source>Choose a file.</source>
        <translation>Välj en fil.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="206"/>
        <source>Checking…</source>
        <translation>Kontrollerar…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="217"/>
        <source>Fix the errors in the file and check it again.</source>
        <translation>Rätta felen i filen och kontrollera den igen.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="219"/>
        <source>The file has no rows to import.</source>
        <translation>Filen har inga rader att importera.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="221"/>
        <source>Nothing has been saved yet.</source>
        <translation>Inget har sparats ännu.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="233"/>
        <source>%1 rows checked: %2 errors, %3 warnings. %4 case numbers will be suggested.</source>
        <translation>%1 rader kontrollerade: %2 fel, %3 varningar. %4 ärendenummer föreslås.</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="249"/>
        <source>Importing %1 cases…</source>
        <translation>Importerar %1 ärenden…</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="250"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="295"/>
        <source>%1 cases imported (%2 closed, %3 with warnings).</source>
        <translation>%1 ärenden importerade (%2 avslutade, %3 med varningar).</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="55"/>
        <source>Warning: </source>
        <translation>Varning: </translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="67"/>
        <source>Row</source>
        <translation>Rad</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="67"/>
        <source>Column</source>
        <translation>Kolumn</translation>
    </message>
    <message>
        <location filename="../../isu/ui/import_dialog.py" line="67"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
</context>
</TS>
