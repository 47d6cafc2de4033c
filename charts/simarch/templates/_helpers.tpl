{{- define "simarch.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "simarch.labels" -}}
app.kubernetes.io/name: simarch-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "simarch.selectorLabels" -}}
app.kubernetes.io/name: simarch-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "simarch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "simarch.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The rules the operator needs in every namespace it watches: exactly the API calls its code makes
(operator/src/main/resources/rbac-rules.yaml lists them; a test compares the two).
*/}}
{{- define "simarch.rules" -}}
- apiGroups: ["simarch.io"]
  resources: ["simulatedarchitectures"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["simarch.io"]
  resources: ["simulatedarchitectures/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["simarch.io"]
  resources: ["simulatedarchitectures/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "delete"]
- apiGroups: [""]
  resources: ["pods/eviction"]
  verbs: ["create"]
{{- end -}}
