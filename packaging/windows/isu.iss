; Inno Setup 6.3+ script: installs the one-folder build dist\isu\ into Program Files.
;
;   packaging\build.ps1                     (builds dist\isu, then runs this script)
;   iscc /DAppVersion=0.1.0 packaging\windows\isu.iss
;
; Output: dist\isu-setup-<version>.exe. Uninstalling removes the program folder only: the
; databases, key files, backups, logs and settings in %LOCALAPPDATA%\isu stay where they are
; (the program creates them there through platformdirs; this installer never touches them).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "ISU"
#define AppExe "isu.exe"
#define DistDir "..\..\dist\isu"

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it.
AppId={{6A0F3C1E-5B7D-4E2A-9C41-2F8D7B1E5A93}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ISU
AppComments=Individbaserad systematisk uppföljning för sociala insatsgrupper (SIG)
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=isu-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
; An upgrade replaces the program while it is not running.
CloseApplications=yes
RestartApplications=no

[Languages]
; Swedish first (the default when Windows is not in English). Its messages file ships with
; recent Inno Setup versions; with older ones the installer is in English only.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
sv.DataKept=Dina databaser, nyckelfiler, säkerhetskopior och inställningar finns kvar i %1.%nTa bort mappen själv om de inte längre behövs – databasen går inte att öppna utan nyckelfilen.
en.DataKept=Your databases, key files, backups and settings are kept in %1.%nDelete that folder yourself if they are no longer needed – a database cannot be opened without its key file.
sv.LaunchApp=Starta ISU
en.LaunchApp=Start ISU

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: isu.exe (desktop app), isu-cli.exe (commands) and _internal\.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new one no longer ships must not linger beside it.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder: a translation compiled at run time may have been written there.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
{ The user data is deliberately kept; say where it is, once, after a normal uninstall. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    // Literal, not {localappdata}: an elevated uninstall may run as another account.
    MsgBox(FmtMessage(CustomMessage('DataKept'), ['%LOCALAPPDATA%\isu']), mbInformation, MB_OK);
end;
