// The form rules the pages apply before anything is sent.
import { describe, expect, it } from 'vitest'
import { databaseType, nameError, portError } from '../pages/database/databaseTypes'
import { storageType, storageTypes } from '../pages/cloud/cloudTypes'
import { cloudSecretFields } from '../api/types'

describe('connection names', () => {
  it('accepts the store rule and explains every refusal', () => {
    expect(nameError('shop_db-1.v2')).toBeUndefined()
    expect(nameError('')).toMatch(/required/)
    expect(nameError('a b')).toMatch(/letters, digits/)
    expect(nameError('x'.repeat(129))).toMatch(/128/)
  })
})

describe('ports', () => {
  it('are empty or whole numbers from 1 to 65535', () => {
    expect(portError('')).toBeUndefined()
    expect(portError('5432')).toBeUndefined()
    for (const bad of ['0', '65536', '54.3', 'abc']) expect(portError(bad)).toMatch(/1 to 65535/)
  })
})

describe('database types', () => {
  it('know which are files and give server defaults', () => {
    expect(databaseType('sqlite').fileBased).toBe(true)
    expect(databaseType('postgresql').defaultPort).toBe(5432)
    expect(databaseType('unknown').label).toBe('unknown')
  })
})

describe('cloud forms', () => {
  it('mark exactly the write-only fields as secret', () => {
    for (const t of storageTypes) {
      for (const auth of Object.values(t.auth)) {
        for (const f of auth.fields) {
          expect(f.secret).toBe((cloudSecretFields as readonly string[]).includes(f.key))
        }
      }
    }
  })
  it('treat azure as adls', () => {
    expect(storageType('azure').key).toBe('adls')
  })
})
