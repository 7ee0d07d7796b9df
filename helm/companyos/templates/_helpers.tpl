{{/* Chart name. */}}
{{- define "companyos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name. */}}
{{- define "companyos.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one app's resources: (dict "root" $ "name" "incidents" "suffix" "-worker") */}}
{{- define "companyos.appName" -}}
{{- printf "%s-%s%s" (include "companyos.fullname" .root) .name (default "" .suffix) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "companyos.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "companyos.labels" -}}
helm.sh/chart: {{ include "companyos.chart" . }}
app.kubernetes.io/name: {{ include "companyos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: companyos
{{- end -}}

{{/* Selector of one app's pods: (dict "root" $ "name" "incidents" "workload" "server|worker") */}}
{{- define "companyos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "companyos.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{ include "companyos.appLabels" . }}
{{- end -}}

{{/* The app-specific part of the selector (added to companyos.labels on resources). */}}
{{- define "companyos.appLabels" -}}
app.kubernetes.io/component: {{ .name }}
companyos.io/workload: {{ .workload }}
{{- end -}}

{{- define "companyos.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Secret holding DATABASE_URL, REDIS_URL and GITHUB_WEBHOOK_SECRET. */}}
{{- define "companyos.secretName" -}}
{{- default (include "companyos.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* SUBGRAPH_<NAME>_URL variable name for an app name. */}}
{{- define "companyos.subgraphVar" -}}
{{- printf "SUBGRAPH_%s_URL" (. | upper | replace "-" "_") -}}
{{- end -}}

{{/*
Autoscaling settings of one Deployment, as YAML: the chart-wide autoscaling.<workload> merged
under the app's own (`autoscaling` for the API Deployment, `worker.autoscaling` for the worker).
(dict "root" $ "app" $app "workload" "server|worker")
*/}}
{{- define "companyos.autoscaling" -}}
{{- $defaults := get .root.Values.autoscaling .workload | default dict -}}
{{- $own := ternary (default dict (default dict .app.worker).autoscaling) (default dict .app.autoscaling) (eq .workload "worker") -}}
{{- toYaml (merge (deepCopy $own) $defaults) -}}
{{- end -}}

{{/* The NetworkPolicy peer that is Prometheus (networkPolicy.prometheus): its pods, in the namespaces selected. */}}
{{- define "companyos.prometheusPeer" -}}
- namespaceSelector:
    {{- toYaml (default dict .namespaceSelector) | nindent 4 }}
  podSelector:
    {{- toYaml (default dict .podSelector) | nindent 4 }}
{{- end -}}
