# Build the one-folder app dist\isu\ with PyInstaller on Windows, smoke-test it, and (when
# Inno Setup is installed) the installer dist\isu-setup-<version>.exe.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 [-Venv build\venv] [-Python py]
#                                                                [-NoSmoke] [-NoInstaller]
param(
    [string]$Venv = "",
    [string]$Python = "py",
    [switch]$NoSmoke,
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
$Repo = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
Set-Location $Repo
if (-not $Venv) { $Venv = Join-Path $Repo "build\venv" }
$VenvPython = Join-Path $Venv "Scripts\python.exe"

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$started = Get-Date
if (-not (Test-Path $VenvPython)) {
    Write-Host "== creating $Venv"
    # 'py -3.11' picks the Python launcher's 3.11; pass -Python python for a plain install.
    if ($Python -eq "py") { Invoke-Checked $Python @("-3.11", "-m", "venv", $Venv) }
    else { Invoke-Checked $Python @("-m", "venv", $Venv) }
    Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "--upgrade", "pip")
}
Write-Host "== installing isu and PyInstaller"
Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "-e", $Repo, "pyinstaller>=6.10,<7")

# The .qm files are build output (not in git): compile them from the .ts sources.
Write-Host "== compiling translations"
# (Single quotes only: Windows PowerShell 5.1 mangles double quotes in native arguments.)
$compile = @'
from pathlib import Path
from isu.ui.i18n import compile_ts
for ts in sorted(Path('isu/resources/translations').glob('isu_*.ts')):
    print('  ', compile_ts(ts, ts.with_suffix('.qm'), ts.stem.removeprefix('isu_')))
'@
Invoke-Checked $VenvPython @("-c", $compile)

Write-Host "== running PyInstaller"
Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", (Join-Path $Repo "dist"), "--workpath", (Join-Path $Repo "build\pyinstaller"),
    (Join-Path $Repo "packaging\isu.spec"))
$size = (Get-ChildItem -Recurse (Join-Path $Repo "dist\isu") | Measure-Object -Sum Length).Sum
Write-Host ("== built dist\isu in {0:N0} s, {1:N0} MB" -f ((Get-Date) - $started).TotalSeconds, ($size / 1MB))

if (-not $NoSmoke) {
    # isu-cli.exe is the console twin of isu.exe; the offscreen platform needs no desktop.
    Write-Host "== isu-cli --smoke-test"
    $dataDir = Join-Path ([System.IO.Path]::GetTempPath()) ("isu-smoke-" + [guid]::NewGuid())
    $env:QT_QPA_PLATFORM = "offscreen"
    try { Invoke-Checked (Join-Path $Repo "dist\isu\isu-cli.exe") @("--smoke-test", "--data-dir", $dataDir) }
    finally {
        Remove-Item Env:\QT_QPA_PLATFORM
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $dataDir
    }
}

if (-not $NoInstaller) {
    $iscc = @(
        (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source,
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    ) | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
    if (-not $iscc) {
        Write-Warning "Inno Setup 6 (ISCC.exe) not found: skipping the installer. Install it from https://jrsoftware.org/isinfo.php or with 'winget install JRSoftware.InnoSetup'."
    } else {
        $version = (Select-String -Path (Join-Path $Repo "isu\__init__.py") -Pattern '__version__ = "([^"]+)"').Matches[0].Groups[1].Value
        Write-Host "== building the installer (version $version)"
        Invoke-Checked $iscc @("/Q", "/DAppVersion=$version", (Join-Path $Repo "packaging\windows\isu.iss"))
        Write-Host "== installer: dist\isu-setup-$version.exe"
    }
}
