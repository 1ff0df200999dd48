#!/bin/bash
# SageMaker notebook instance lifecycle configuration, for both OnCreate and OnStart (it is idempotent):
# installs the .NET 10 SDK into ec2-user's home, the .NET Interactive Jupyter kernel (the frozen 1.0.712001, see
# shared NOTEBOOKS.md), and registers the kernel in the JupyterLab environment. Each step is skipped when already done.
#
# Lifecycle scripts run as root and must finish within 5 minutes, so the work runs in the background (nohup) as
# ec2-user; follow it in the log: /home/ec2-user/SageMaker/.stepwise/lifecycle.log. Only /home/ec2-user/SageMaker
# survives a stop/start, so the SDK and tools live under it; PATH is set again on every start.
set -euo pipefail

DOTNET_CHANNEL="${STEPWISE_DOTNET_CHANNEL:-10.0}"
INTERACTIVE_VERSION="1.0.712001"
PERSISTENT="/home/ec2-user/SageMaker/.stepwise"
DOTNET_DIR="${PERSISTENT}/dotnet"
TOOLS_DIR="${PERSISTENT}/dotnet-tools"
LOG="${PERSISTENT}/lifecycle.log"
JUPYTER_ENV="/home/ec2-user/anaconda3/envs/JupyterSystemEnv"

mkdir -p "${PERSISTENT}"
chown ec2-user:ec2-user "${PERSISTENT}"

# Every login shell (terminals, the kernel Jupyter starts) finds dotnet and its global tools.
cat > /etc/profile.d/stepwise-dotnet.sh <<PROFILE
export DOTNET_ROOT="${DOTNET_DIR}"
export PATH="${DOTNET_DIR}:${TOOLS_DIR}:\${PATH}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PROFILE
chmod 0644 /etc/profile.d/stepwise-dotnet.sh

cat > "${PERSISTENT}/install.sh" <<INSTALL
#!/bin/bash
set -euo pipefail
export DOTNET_ROOT="${DOTNET_DIR}" PATH="${DOTNET_DIR}:${TOOLS_DIR}:\${PATH}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "\$(date -u +%FT%TZ) stepwise lifecycle: start"

if "${DOTNET_DIR}/dotnet" --list-sdks 2>/dev/null | grep -q "^${DOTNET_CHANNEL}\\."; then
  echo "SDK ${DOTNET_CHANNEL} already installed in ${DOTNET_DIR}"
else
  curl -fsSL https://dot.net/v1/dotnet-install.sh -o "${PERSISTENT}/dotnet-install.sh"
  bash "${PERSISTENT}/dotnet-install.sh" --channel "${DOTNET_CHANNEL}" --install-dir "${DOTNET_DIR}"
fi
dotnet --list-sdks

if dotnet tool list --tool-path "${TOOLS_DIR}" 2>/dev/null | grep -qi "microsoft.dotnet-interactive *${INTERACTIVE_VERSION}"; then
  echo "dotnet-interactive ${INTERACTIVE_VERSION} already installed"
else
  dotnet tool uninstall --tool-path "${TOOLS_DIR}" Microsoft.dotnet-interactive > /dev/null 2>&1 || true
  # A global tool, kept in the persistent folder (--tool-path): the same as -g, surviving restarts.
  dotnet tool install --tool-path "${TOOLS_DIR}" Microsoft.dotnet-interactive --version "${INTERACTIVE_VERSION}"
fi

# Register the .NET kernels with JupyterLab's environment (its jupyter must be first on PATH).
if [ -x "${JUPYTER_ENV}/bin/jupyter" ]; then
  export PATH="${JUPYTER_ENV}/bin:\${PATH}"
  if jupyter kernelspec list 2>/dev/null | grep -q "\\.net-csharp"; then
    echo "kernel .net-csharp already registered"
  else
    dotnet-interactive jupyter install
  fi
  # Jupyter's server is no login shell: point the kernels at this dotnet and tool by absolute path.
  python3 - "${DOTNET_DIR}" "${TOOLS_DIR}" <<'PY'
import json, subprocess, sys
dotnet_dir, tools_dir = sys.argv[1], sys.argv[2]
specs = json.loads(subprocess.check_output(["jupyter", "kernelspec", "list", "--json"]))["kernelspecs"]
for name, spec in specs.items():
    if not name.startswith(".net-"):
        continue
    path = spec["resource_dir"] + "/kernel.json"
    kernel = json.load(open(path))
    if kernel["argv"][:2] == ["dotnet", "interactive"]:
        kernel["argv"] = [tools_dir + "/dotnet-interactive"] + kernel["argv"][2:]
    kernel.setdefault("env", {}).update({"DOTNET_ROOT": dotnet_dir, "PATH": dotnet_dir + ":" + tools_dir + ":/usr/local/bin:/usr/bin:/bin"})
    json.dump(kernel, open(path, "w"), indent=1)
    print("kernel", name, "->", kernel["argv"][0])
PY
  jupyter kernelspec list
else
  echo "No JupyterLab environment at ${JUPYTER_ENV}: kernel not registered" >&2
  exit 1
fi
echo "\$(date -u +%FT%TZ) stepwise lifecycle: done"
INSTALL
chmod 0755 "${PERSISTENT}/install.sh"
chown ec2-user:ec2-user "${PERSISTENT}/install.sh"

# In the background, as ec2-user, logging to a file: the lifecycle script itself returns at once.
nohup sudo -u ec2-user -i bash "${PERSISTENT}/install.sh" >> "${LOG}" 2>&1 &
echo "Stepwise: installing .NET ${DOTNET_CHANNEL} and the .NET Interactive kernel in the background; log: ${LOG}"
