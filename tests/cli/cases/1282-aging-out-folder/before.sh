mkdir sub
snapshot_save
