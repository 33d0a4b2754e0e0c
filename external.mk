include $(sort $(wildcard $(BR2_EXTERNAL_DEVMAP_PATH)/package/*/*.mk))
