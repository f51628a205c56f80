// What the Cloud storage form asks for each storage type and auth method. Secret fields are
// password inputs, write-only: sent only when typed, never read back.
import type { CloudConnectionPlain, CloudSecretField } from '../../api/types'

type TextField = keyof Pick<CloudConnectionPlain,
  'aws_region' | 'aws_access_key_id' | 'aws_role_arn' | 'azure_account_name' |
  'azure_tenant_id' | 'azure_client_id' | 'gcs_project_id' | 'endpoint_url'>

export interface FieldSpec {
  key: TextField | CloudSecretField
  label: string
  secret: boolean
  required: boolean
  multiline?: boolean
}

const f = (key: FieldSpec['key'], label: string, required = false): FieldSpec =>
  ({ key, label, secret: false, required })
const s = (key: CloudSecretField, label: string, required = false, multiline = false): FieldSpec =>
  ({ key, label, secret: true, required, multiline })

export interface StorageType {
  key: string
  label: string
  auth: Record<string, { label: string; fields: FieldSpec[] }>
}

export const storageTypes: StorageType[] = [
  {
    key: 's3',
    label: 'Amazon S3 (and compatible)',
    auth: {
      access_key: { label: 'Access key', fields: [
        f('aws_region', 'Region'), f('aws_access_key_id', 'Access key ID', true),
        s('aws_secret_access_key', 'Secret access key', true), s('aws_session_token', 'Session token')] },
      iam_role: { label: 'IAM role', fields: [f('aws_region', 'Region'), f('aws_role_arn', 'Role ARN', true)] },
      'aws-cli': { label: 'AWS CLI profile', fields: [f('aws_region', 'Region')] },
      env_vars: { label: 'Environment variables', fields: [f('aws_region', 'Region')] },
      anonymous: { label: 'Anonymous (public buckets)', fields: [f('aws_region', 'Region')] },
    },
  },
  {
    key: 'adls',
    label: 'Azure Data Lake / Blob',
    auth: {
      access_key: { label: 'Account key', fields: [
        f('azure_account_name', 'Account name', true), s('azure_account_key', 'Account key', true)] },
      sas_token: { label: 'SAS token', fields: [
        f('azure_account_name', 'Account name', true), s('azure_sas_token', 'SAS token', true)] },
      service_principal: { label: 'Service principal', fields: [
        f('azure_account_name', 'Account name', true), f('azure_tenant_id', 'Tenant ID', true),
        f('azure_client_id', 'Client ID', true), s('azure_client_secret', 'Client secret', true)] },
      managed_identity: { label: 'Managed identity', fields: [
        f('azure_account_name', 'Account name', true), f('azure_client_id', 'Client ID')] },
      anonymous: { label: 'Anonymous', fields: [f('azure_account_name', 'Account name', true)] },
    },
  },
  {
    key: 'gcs',
    label: 'Google Cloud Storage',
    auth: {
      service_account: { label: 'Service account key', fields: [
        f('gcs_project_id', 'Project ID'), s('gcs_service_account_key', 'Service account key (JSON)', true, true)] },
      env_vars: { label: 'Environment variables', fields: [f('gcs_project_id', 'Project ID')] },
      anonymous: { label: 'Anonymous', fields: [] },
    },
  },
]

export function storageType(key: string): StorageType {
  const k = key === 'azure' ? 'adls' : key
  return storageTypes.find((t) => t.key === k) ?? { key, label: key, auth: {} }
}
